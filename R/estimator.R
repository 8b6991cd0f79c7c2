# The book's network as a classifier on any data: R's face of python/gentlenn/estimator.py.

#' Train the book's network as a classifier on a data set
#'
#' One output node per class, inputs scaled onto the book's 0.01..1.00, targets 0.01/0.99, and
#' `epochs` passes of per-example gradient descent, all in one call to the Python core
#' (`gentlenn.NeuralNetworkClassifier`).
#'
#' @param x A numeric matrix or data frame, one example per row; or a formula such as
#'   `Species ~ .` with `data`.
#' @param y Class labels, one per row: a factor, character or integer vector (not with a
#'   formula).
#' @param data A data frame, with a formula.
#' @param hidden_nodes Hidden layer size. `r spec_doc("NeuralNetworkClassifier", "hidden_nodes")`
#' @param learning_rate Gradient-descent step. `r spec_doc("NeuralNetworkClassifier", "learning_rate")`
#' @param epochs Passes over the training data. `r spec_doc("NeuralNetworkClassifier", "epochs")`
#' @param input_range What is mapped onto the book's 0.01..1.00 inputs: `"columns"` (default:
#'   each column's own training minimum and maximum, fine for any numeric data), `"data"` (one
#'   minimum and maximum for all columns, for images), or a declared range `c(low, high)` such
#'   as the book's `c(0, 255)` for MNIST pixels. Data outside a declared range, or filling
#'   under a tenth of it, give a `gentlenn_input_range` warning.
#' @param error_split How output errors are shared back, see [neural_network()].
#'   `r spec_doc("NeuralNetworkClassifier", "error_split")`
#' @param shuffle Visit the examples in a new random order each epoch.
#' @param seed Integer seed of the initial weights and the shuffling; `NULL` draws one from R's
#'   random stream (so `set.seed()` reproduces the fit). Stored as `$seed`.
#' @param init The initial weights, see [neural_network()].
#'   `r spec_doc("NeuralNetworkClassifier", "init")`
#' @param generator The stream `seed` starts, see [neural_network()]: `"book"` with
#'   `shuffle = FALSE` and `input_range = c(0, 255)` trains as the book's notebook does, to the last
#'   bit. `r spec_doc("train_digits", "generator")`
#' @param validation_data Optional `list(x = , y = )` scored after every epoch (Python's
#'   `validation_data`; 0.1 called it `validation`, which still works, with a warning).
#' @param method How the per-example update is
#'   computed (see the Python `NeuralNetworkClassifier`); `"auto"` is `"exact"` (the reference's
#'   numbers, several times faster) when numba is installed.
#'   `r spec_doc("NeuralNetworkClassifier", "method")`
#' @param batch_size 1 (the book's update) or a mini-batch size (averaged changes; wants a larger
#'   learning rate). `r spec_doc("NeuralNetworkClassifier", "batch_size")`
#' @param dtype Precision of the training arithmetic. `r spec_doc("NeuralNetworkClassifier", "dtype")`
#' @param ... Not for use: the settings after it must be named (0.1's `validation` is still
#'   taken, with a warning).
#' @return An object of class `gentlenn_classifier`: `network` (a [neural_network()]), `classes`,
#'   `input_range`, `history` (a data frame per epoch: `epoch`, `train_mse`, `seconds`, and
#'   `val_accuracy` with `validation_data`), the `fitted` classes, `seed` and the settings. It has
#'   `print()`, `summary()`, `predict()`, `fitted()`, `coef()`, `nobs()`, `plot()` and
#'   `as.data.frame()` (the history) methods.
#' @examplesIf gentlenn_available()
#' fit <- network_classifier(Species ~ ., data = iris, epochs = 30, seed = 1)
#' fit
#' table(predicted = predict(fit), actual = iris$Species)
#' digits <- load_digits_8x8()
#' fit8 <- network_classifier(digits$x[1:1200, ], digits$y[1:1200], hidden_nodes = 50,
#'                            learning_rate = 0.2, epochs = 3, seed = 1)
#' mean(predict(fit8, digits$x[1201:1797, ]) == digits$y[1201:1797])
#' @export
network_classifier <- function(x, ...) UseMethod("network_classifier")

#' @rdname network_classifier
#' @export
network_classifier.formula <- function(x, data, ...) {
  core()
  if (missing(data) || !is.data.frame(data)) {
    bad_argument(sprintf("`data` must be a data frame for the formula %s.", paste(deparse(x), collapse = "")))
  }
  parts <- formula_parts(x, data)
  fit <- network_classifier.default(parts$x, parts$y, ...)
  fit$formula <- x
  fit
}

#' @rdname network_classifier
#' @export
network_classifier.default <- with_spec_defaults("NeuralNetworkClassifier", function(
    x, y, ..., hidden_nodes, learning_rate, epochs, input_range, error_split, shuffle, seed = NULL,
    validation_data = NULL, method, batch_size, dtype, init, generator = c("default", "book")) {
  core()
  dots <- list(...)
  if ("validation" %in% names(dots)) {  # settings come after `...`, so 0.1's name lands here
    deprecated("network_classifier(validation)", "network_classifier(validation_data)")
    validation_data <- dots$validation
    dots$validation <- NULL
  }
  if (length(dots)) {
    bad_argument(sprintf("unknown argument(s) %s; settings must be named.",
                         paste(if (is.null(names(dots))) rep("(unnamed)", length(dots)) else names(dots), collapse = ", ")))
  }
  validation <- validation_data
  x <- check_examples(x, "x")
  if (missing(y)) bad_argument("`y` is missing: give the class labels, or use a formula such as Species ~ .")
  y <- check_labels(y, nrow(x), "y")
  p <- check_params("NeuralNetworkClassifier", hidden_nodes = hidden_nodes, learning_rate = learning_rate,
                    epochs = epochs, input_range = input_range, error_split = error_split, shuffle = shuffle,
                    method = method, batch_size = batch_size, dtype = dtype, init = init)
  list2env(p, environment())
  generator <- check_param(generator, "train_digits", "generator")
  seed <- resolve_seed(seed, callable = "train_digits")  # an integer: R has no Python generator to give
  val <- NULL
  if (!is.null(validation)) {
    if (!is.list(validation) || !all(c("x", "y") %in% names(validation))) {
      bad_argument(sprintf("`validation_data` must be NULL or list(x = , y = ), got %s.", describe(validation)))
    }
    vx <- check_examples(validation$x, "validation_data$x")
    if (ncol(vx) != ncol(x)) {
      bad_argument(sprintf("`validation_data$x` has %d columns but `x` has %d.", ncol(vx), ncol(x)))
    }
    val <- list(vx, labels_to_py(check_labels(validation$y, nrow(vx), "validation_data$y"), "validation_data$y"))
    unseen <- setdiff(as.character(validation$y), as.character(y))
    if (length(unseen)) bad_argument(sprintf("`validation_data$y` has labels not in `y`: %s.", describe(unseen)))
  }
  range_arg <- if (is.character(input_range)) input_range else as.list(input_range)
  fit <- call_core({
    clf <- core()$NeuralNetworkClassifier(
      hidden_nodes = hidden_nodes, learning_rate = learning_rate, epochs = epochs,
      input_range = range_arg, error_split = error_split, shuffle = shuffle,
      random_state = core()$book$random_state_for(seed, generator), method = method, batch_size = batch_size,
      dtype = dtype, init = init
    )
    clf$fit(x, labels_to_py(y), validation_data = val)
    out <- classifier_from_py(clf, label_levels = if (is.factor(y)) levels(y) else NULL, seed = seed)
    outputs <- clf$outputs(x)  # one forward pass gives the fitted outputs and, by Python's argmax, the classes
    out$fitted_outputs <- r_array(outputs)  # n x classes: small beside x
    colnames(out$fitted_outputs) <- label_names(out$classes)
    out$fitted <- out$classes[r_array(outputs$argmax(axis = 1L)) + 1]
    if (!is.null(out$label_levels)) out$fitted <- factor(out$fitted, levels = out$label_levels)
    out
  })
  fit$columns <- colnames(x)
  fit$n_obs <- nrow(x)
  fit$init <- init
  fit$generator <- generator
  fit
})

# x and y of a formula such as Species ~ . or Species ~ Petal.Length + Petal.Width.
formula_parts <- function(formula, data) {
  if (length(formula) != 3L) bad_argument("the formula must have a response: class ~ predictors.")
  terms <- tryCatch(stats::terms(formula, data = data), error = function(e) {
    bad_argument(sprintf("the formula does not fit `data`: %s", conditionMessage(e)))
  })
  vars <- all.vars(formula)
  missing_vars <- setdiff(setdiff(vars, "."), names(data))
  if (length(missing_vars)) {
    bad_argument(sprintf("`data` has no column(s) %s (columns: %s).", paste(missing_vars, collapse = ", "),
                         paste(names(data), collapse = ", ")))
  }
  response <- all.vars(formula[[2]])
  if (length(response) != 1L) bad_argument("the formula's left side must name one column of class labels.")
  predictors <- attr(terms, "term.labels")
  bad <- setdiff(predictors, names(data))
  if (length(bad)) bad_argument(sprintf("only plain column names may stand on the right of the formula, not %s.",
                                        paste(bad, collapse = ", ")))
  list(x = data[, predictors, drop = FALSE], y = data[[response]], predictors = predictors, response = response)
}

#' Predict with a network classifier
#'
#' Columns are matched by name when the classifier was trained on named columns (a data frame
#' or a formula); rows with `NA` give `NA`.
#'
#' @param object A `gentlenn_classifier`.
#' @param newdata A numeric matrix or data frame with the training columns; `NULL` (default)
#'   gives the fitted classes, probabilities or outputs of the training rows.
#' @param type `"class"` (labels: a factor with the training levels when the labels were a
#'   factor), `"prob"` (outputs normalised per row) or `"outputs"` (the raw output nodes).
#' @param ... Unused.
#' @return A vector of classes or a matrix with one column per class.
#' @examplesIf gentlenn_available()
#' fit <- network_classifier(Species ~ ., data = iris, epochs = 30, seed = 1)
#' predict(fit, iris[c(1, 51, 101), 4:1])   # columns are matched by name
#' predict(fit, iris[1:3, ], type = "prob")
#' @export
predict.gentlenn_classifier <- function(object, newdata = NULL, type = c("class", "prob", "outputs"), ...) {
  core()
  type <- check_choice(type, c("class", "prob", "outputs"), "type")
  if (is.null(newdata)) {
    if (is.null(object$fitted_outputs)) bad_argument("`newdata` is needed: this classifier holds no training rows.")
    if (type == "class") return(object$fitted)
    out <- object$fitted_outputs
    return(if (type == "prob") out / rowSums(out) else out)
  }
  x <- match_columns(newdata, object$columns, "newdata")
  x <- check_examples(x, "newdata", na_ok = TRUE)
  if (ncol(x) != object$network$input_nodes) {
    bad_argument(sprintf("`newdata` must have %d columns, got %d.", as.integer(object$network$input_nodes), ncol(x)))
  }
  ok <- stats::complete.cases(x)
  clf <- classifier_to_py(object)
  if (type == "class") {
    labels <- unlist(object$classes)
    out <- labels[rep(NA_integer_, nrow(x))]  # NA of the labels' type
    if (any(ok)) out[ok] <- call_core(as_classes(clf$predict(x[ok, , drop = FALSE]), labels))
    if (!is.null(object$label_levels)) out <- factor(out, levels = object$label_levels)
    return(out)
  }
  scores <- if (any(ok)) call_core(r_array(
    if (type == "prob") clf$predict_proba(x[ok, , drop = FALSE]) else clf$outputs(x[ok, , drop = FALSE])))
  m <- matrix(NA_real_, nrow(x), length(object$classes),
              dimnames = list(rownames(x), label_names(unlist(object$classes))))
  m[ok, ] <- scores
  m
}

# newdata's columns in training order, by name when both sides have names.
match_columns <- function(newdata, columns, arg) {
  if (is.null(columns) || is.null(colnames(newdata))) return(newdata)
  missing_cols <- setdiff(columns, colnames(newdata))
  if (length(missing_cols)) {
    bad_argument(sprintf("`%s` lacks the training column(s) %s.", arg, paste(missing_cols, collapse = ", ")))
  }
  newdata[, columns, drop = FALSE]
}

save_classifier <- function(object, path) {
  check_string(path, "path")
  call_core({
    clf <- classifier_to_py(object)
    seed <- if (is.null(object$seed) || is.na(object$seed)) NULL else as.integer(object$seed)
    generator <- if (is.null(object$generator)) "default" else object$generator
    clf$set_params(epochs = as.integer(object$epochs), shuffle = isTRUE(object$shuffle),
                   random_state = core()$book$random_state_for(seed, generator))
    if (!is.null(object$init)) clf$set_params(init = object$init)
    clf$history_ <- frame_to_py(object$history)
    clf$save(path.expand(path))
  })
  invisible(path)
}

#' Print and summarise a network classifier
#'
#' @param x,object A `gentlenn_classifier`.
#' @param ... Unused.
#' @return `print()`: `x`, invisibly. `summary()`: a `summary.gentlenn_classifier` list (layer
#'   sizes, settings, seed, training accuracy, the history and the confusion table of the
#'   training data) with its own print method. `fitted()`: the predicted classes of the training
#'   rows. `coef()`: the weight matrices. `nobs()`: the number of training rows.
#'   `as.data.frame()`: the history, one row per epoch.
#' @examplesIf gentlenn_available()
#' fit <- network_classifier(Species ~ ., data = iris, epochs = 30, seed = 1)
#' summary(fit)
#' nobs(fit)
#' as.data.frame(fit)
#' @export
print.gentlenn_classifier <- function(x, ...) {
  n <- x$network
  cat(sprintf("<gentlenn classifier> %d -> %d -> %d, learning rate %s, %d epoch(s), seed %s\n",
              as.integer(n$input_nodes), as.integer(n$hidden_nodes), as.integer(n$output_nodes),
              format(x$learning_rate), as.integer(x$epochs), format(x$seed)))
  if (!is.null(x$formula)) cat("  formula:", paste(deparse(x$formula), collapse = ""), "\n")
  cat("  classes:", paste(utils::head(unlist(x$classes), 12), collapse = " "),
      if (length(x$classes) > 12) "..." else "", "\n")
  if ("val_accuracy" %in% names(x$history)) {
    cat(sprintf("  validation accuracy after the last epoch: %.4f\n",
                x$history$val_accuracy[nrow(x$history)]))
  }
  invisible(x)
}

#' @rdname print.gentlenn_classifier
#' @export
summary.gentlenn_classifier <- function(object, ...) {
  new_gentlenn_classifier_summary(
    sizes = c(object$network$input_nodes, object$network$hidden_nodes, object$network$output_nodes),
    learning_rate = object$learning_rate, epochs = object$epochs, seed = object$seed,
    classes = unlist(object$classes), n_obs = object$n_obs, history = object$history,
    fitted_classes = if (!is.null(object$fitted)) table(predicted = object$fitted)
  )
}

#' @rdname print.gentlenn_classifier
#' @export
print.summary.gentlenn_classifier <- function(x, ...) {
  cat(sprintf("Network classifier %s, learning rate %s, %d epoch(s), seed %s, %s training rows\n\n",
              paste(as.integer(x$sizes), collapse = " -> "), format(x$learning_rate), as.integer(x$epochs),
              format(x$seed), format(x$n_obs)))
  print(x$history, row.names = FALSE)
  if (!is.null(x$fitted_classes)) {
    cat("\nPredicted classes of the training rows:\n")
    print(x$fitted_classes)
  }
  invisible(x)
}

#' @rdname print.gentlenn_classifier
#' @export
fitted.gentlenn_classifier <- function(object, ...) object$fitted

#' @rdname print.gentlenn_classifier
#' @export
coef.gentlenn_classifier <- function(object, ...) stats::coef(object$network)

#' @rdname print.gentlenn_classifier
#' @export
nobs.gentlenn_classifier <- function(object, ...) object$n_obs

#' @rdname print.gentlenn_classifier
#' @param row.names,optional Unused (as for [as.data.frame()]).
#' @export
as.data.frame.gentlenn_classifier <- function(x, row.names = NULL, optional = FALSE, ...) x$history

#' Plot a network classifier's training history
#'
#' The mean squared output error per epoch and, when the classifier was fitted with
#' `validation_data`, the validation accuracy per epoch.
#'
#' @param x A `gentlenn_classifier`.
#' @param ... Unused.
#' @return A ggplot object, or `x` invisibly after drawing with base graphics.
#' @examplesIf gentlenn_available()
#' plot(network_classifier(Species ~ ., data = iris, epochs = 10, seed = 1))
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
