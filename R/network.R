#' Create the book's three-layer network
#'
#' A network of `input_nodes`, `hidden_nodes` and `output_nodes` sigmoid nodes without bias nodes,
#' as in "Make Your Own Neural Network". Weights are drawn by the Python core (as `init` says, from
#' `seed` in the stream `generator` names), or given.
#'
#' The returned object is an ordinary R value holding the two weight matrices: [train_network()] returns a
#' new, updated network and leaves its argument unchanged (R's copy-on-modify semantics), and the
#' object can be saved with `saveRDS()`. Each call crosses into Python once, whatever the number of
#' examples.
#'
#' @param input_nodes,hidden_nodes,output_nodes Layer sizes.
#' @param learning_rate Gradient-descent step. `r spec_doc("NeuralNetwork", "learning_rate")`
#' @param weights `NULL`, or a list of two matrices: `wih` (hidden x input) and `who`
#'   (output x hidden); `wih[j, i]` links input `i` to hidden node `j`.
#' @param error_split How output errors are shared back to the hidden layer: `"transpose"`
#'   (`t(who) %*% e`, the book's code) or `"proportional"` (each link's share `w / sum(w)`).
#' @param seed Integer seed for the random weights; `NULL` draws one from R's random stream, so
#'   `set.seed()` makes the weights reproducible. The seed used is stored as `$seed`.
#' @param init The initial weights: `"book"` (normal(0, n_in^-0.5) per layer, n_in being the links
#'   into a node: the book's repository since 2017) or `"first-edition"` (normal(0, n_out^-0.5), the
#'   first printed edition's). `r spec_doc("NeuralNetwork", "init")`
#' @param generator The stream `seed` starts: `"default"` (the Python core's default generator) or
#'   `"book"` (numpy's legacy stream, which `numpy.random.seed(seed)` sets for the book's notebooks:
#'   with it the weights are the notebook's to the last bit). `r spec_doc("train_digits", "generator")`
#' @return An object of class `gentlenn_network`: a list with the layer sizes, `learning_rate`,
#'   `error_split`, `wih`, `who` and `seed`.
#' @seealso [query_network()], [train_network()], [backquery_network()], [save_network()],
#'   [network_classifier()].
#' @examplesIf gentlenn_available()
#' # the book's 3x3x3 example
#' net <- neural_network(3, 3, 3, weights = list(
#'   wih = matrix(c(0.9, 0.3, 0.4, 0.2, 0.8, 0.2, 0.1, 0.5, 0.6), 3, byrow = TRUE),
#'   who = matrix(c(0.3, 0.7, 0.5, 0.6, 0.5, 0.2, 0.8, 0.1, 0.9), 3, byrow = TRUE)))
#' net
#' query_network(net, c(0.9, 0.1, 0.8))
#' @export
neural_network <- with_spec_defaults("NeuralNetwork", function(
    input_nodes, hidden_nodes, output_nodes, learning_rate, weights = NULL, error_split, seed = NULL, init,
    generator = c("default", "book")) {
  p <- check_params("NeuralNetwork", input_nodes = input_nodes, hidden_nodes = hidden_nodes,
                    output_nodes = output_nodes, learning_rate = learning_rate, error_split = error_split,
                    init = init)
  sizes <- c(p$input_nodes, p$hidden_nodes, p$output_nodes)
  error_split <- p$error_split
  generator <- check_param(generator, "train_digits", "generator")
  seed <- resolve_seed(seed, callable = "train_digits")  # an integer: R has no Python generator to give
  if (!is.null(weights)) {
    if (!is.list(weights) || length(weights) != 2L) {
      bad_argument(sprintf("`weights` must be NULL or a list of two matrices (wih, who), got %s.",
                           describe(weights)))
    }
    shapes <- list(c(sizes[2], sizes[1]), c(sizes[3], sizes[2]))
    for (k in 1:2) {
      w <- weights[[k]]
      if (!is.numeric(w) || !identical(as.integer(dim(as.matrix(w))), as.integer(shapes[[k]])) || anyNA(w) ||
          any(!is.finite(w))) {
        bad_argument(sprintf("`weights[[%d]]` must be a finite numeric %d x %d matrix, got %s.", k,
                             shapes[[k]][1], shapes[[k]][2], describe(w)))
      }
    }
    weights <- unname(lapply(weights, function(w) as.matrix(w) + 0))
  }
  call_core({
    py <- core()
    net <- network_from_py(py$NeuralNetwork(
      sizes[1], sizes[2], sizes[3], learning_rate, weights = weights, error_split = error_split,
      init = p$init, random_state = py$book$random_state_for(seed, generator)
    ))
    net$seed <- if (is.null(weights)) seed else NA_integer_
    net$generator <- if (is.null(weights)) generator else NA_character_
    net
  })
})

check_network <- function(object, arg = "object") {
  if (!inherits(object, "gentlenn_network")) {
    bad_argument(sprintf("`%s` must be a gentlenn_network from neural_network(), got %s.", arg,
                         describe(object)))
  }
  invisible(object)
}

# Inputs as a numeric vector (one example) or a matrix (one example per row), `width` values each.
as_examples <- function(x, arg, width = NULL) {
  one <- is.atomic(x) && is.null(dim(x))
  x <- check_examples(x, arg)
  if (!is.null(width) && ncol(x) != width) {
    bad_argument(sprintf("`%s` must have %d values per example, got %d.", arg, as.integer(width), ncol(x)))
  }
  if (one) as.vector(x) else x
}

check_unit_interval <- function(x, arg) {
  if (any(x <= 0 | x >= 1)) {
    bad_argument(sprintf("`%s` must lie strictly between 0 and 1 (the sigmoid never reaches 0 or 1), got %s.",
                         arg, describe(as.vector(x)[x <= 0 | x >= 1])))
  }
  x
}

#' Query a network: the forward pass
#'
#' @param object A `gentlenn_network`.
#' @param inputs One example as a numeric vector, or a matrix with one example per row.
#' @param return_hidden Also return the hidden layer's outputs (as Python's `query()`).
#' @return The outputs (a vector for one example, else a matrix), or with `return_hidden = TRUE`
#'   a list of `outputs` and `hidden`.
#' @family network verbs
#' @examplesIf gentlenn_available()
#' net <- neural_network(2, 2, 2, weights = list(matrix(c(0.9, 0.2, 0.3, 0.8), 2), diag(2)))
#' query_network(net, c(1, 0.5), return_hidden = TRUE)$hidden   # the book's 2x2 example: 0.7408 0.6457
#' @export
query_network <- function(object, inputs, return_hidden = FALSE) {
  core()
  check_network(object)
  check_flag(return_hidden, "return_hidden")
  inputs <- as_examples(inputs, "inputs", object$input_nodes)
  out <- call_core({
    res <- network_to_py(object)$query(inputs, return_hidden = TRUE)
    list(outputs = r_array(res[0]), hidden = r_array(res[1]))
  })
  if (return_hidden) out else out$outputs
}

#' Train a network on examples, one gradient-descent step each
#'
#' Steps through the rows of `inputs` in order (the book's per-example update), in one call to the
#' Python core, and returns the updated network; `object` itself is not changed.
#'
#' @param object A `gentlenn_network`.
#' @param inputs One example (vector) or a matrix with one example per row.
#' @param targets The wanted outputs, strictly between 0 and 1, in the same shape.
#' @return The trained `gentlenn_network`.
#' @family network verbs
#' @examplesIf gentlenn_available()
#' net <- neural_network(3, 4, 2, seed = 1)
#' net2 <- train_network(net, c(0.9, 0.1, 0.8), c(0.99, 0.01))
#' identical(net$wih, net2$wih)   # FALSE: net is unchanged, net2 learned
#' @export
train_network <- function(object, inputs, targets) {
  core()
  check_network(object)
  inputs <- as_examples(inputs, "inputs", object$input_nodes)
  targets <- check_unit_interval(as_examples(targets, "targets", object$output_nodes), "targets")
  n_examples <- function(v) if (is.matrix(v)) nrow(v) else 1L
  if (n_examples(inputs) != n_examples(targets)) {
    bad_argument(sprintf("`inputs` has %d examples but `targets` has %d.", n_examples(inputs), n_examples(targets)))
  }
  call_core({
    net <- network_to_py(object)
    net$train_many(inputs, targets)
    out <- network_from_py(net)
    out$seed <- object$seed
    for (k in c("init", "generator")) out[[k]] <- object[[k]] %||% NA_character_  # how its weights began
    out
  })
}

#' Run a network backwards
#'
#' The book's backquery: the input image the network associates with `targets`, rescaled into
#' 0.01..0.99.
#'
#' @param object A `gentlenn_network`.
#' @param targets Output values strictly between 0 and 1, one per output node.
#' @return A numeric vector of length `input_nodes`.
#' @family network verbs
#' @examplesIf gentlenn_available()
#' backquery_network(neural_network(4, 3, 2, seed = 1), c(0.99, 0.01))
#' @export
backquery_network <- function(object, targets) {
  core()
  check_network(object)
  targets <- check_unit_interval(as_examples(targets, "targets", object$output_nodes), "targets")
  if (is.matrix(targets)) bad_argument("`targets` must be one vector of output values.")
  call_core(r_array(network_to_py(object)$backquery(targets)))
}

#' Print a network
#'
#' @param x A `gentlenn_network`.
#' @param ... Unused.
#' @return `x`, invisibly.
#' @examplesIf gentlenn_available()
#' neural_network(3, 2, 2, seed = 1)
#' @export
print.gentlenn_network <- function(x, ...) {
  cat(sprintf("<gentlenn network> %d inputs -> %d hidden -> %d outputs (sigmoid, no bias)\n",
              as.integer(x$input_nodes), as.integer(x$hidden_nodes), as.integer(x$output_nodes)))
  cat(sprintf("  learning rate %s, hidden errors by %s split%s\n", format(x$learning_rate), x$error_split,
              if (!is.null(x$seed) && !is.na(x$seed)) sprintf(", initial weights from seed %d", x$seed) else ""))
  cat(sprintf("  weights: wih %d x %d (mean %.3f, sd %.3f), who %d x %d (mean %.3f, sd %.3f)\n",
              nrow(x$wih), ncol(x$wih), mean(x$wih), stats::sd(as.vector(x$wih)),
              nrow(x$who), ncol(x$who), mean(x$who), stats::sd(as.vector(x$who))))
  invisible(x)
}

#' Predict with a network: its outputs for new examples
#'
#' @param object A `gentlenn_network`.
#' @param newdata Examples, one per row (as `inputs` of [query_network()]).
#' @param ... Unused.
#' @return The outputs, as [query_network()] returns them.
#' @examplesIf gentlenn_available()
#' predict(neural_network(3, 2, 2, seed = 1), rbind(c(0.1, 0.5, 0.9), c(0.9, 0.5, 0.1)))
#' @export
predict.gentlenn_network <- function(object, newdata, ...) {
  query_network(object, newdata)
}

#' @rdname predict.gentlenn_network
#' @return `coef()`: the two weight matrices, `list(wih, who)`.
#' @export
coef.gentlenn_network <- function(object, ...) list(wih = object$wih, who = object$who)

#' Plot a network's weights
#'
#' Two heat maps: input-to-hidden and hidden-to-output weights (red positive, blue negative).
#'
#' @param x A `gentlenn_network`.
#' @param ... Unused.
#' @return `x`, invisibly.
#' @examplesIf gentlenn_available()
#' plot(neural_network(20, 8, 3, seed = 1))
#' @export
plot.gentlenn_network <- function(x, ...) {
  check_network(x, "x")
  old <- graphics::par(mfrow = c(1, 2), mar = c(4, 4, 3, 1))
  on.exit(graphics::par(old))
  lim <- max(abs(c(x$wih, x$who)))
  pal <- grDevices::hcl.colors(51, "Blue-Red 3")
  show <- function(w, main, xlab, ylab) {
    graphics::image(seq_len(ncol(w)), seq_len(nrow(w)), t(w), col = pal, zlim = c(-lim, lim),
                    main = main, xlab = xlab, ylab = ylab)
  }
  show(x$wih, "input -> hidden", "input node", "hidden node")
  show(x$who, "hidden -> output", "hidden node", "output node")
  invisible(x)
}

#' Save and load a network
#'
#' The file is the Python core's JSON format (`gentlenn-network`, version 2): layer sizes,
#' learning rate, error split and the weights as lists of rows, exact to the last bit, and for a
#' classifier its class labels, input scaling and training settings. Python's
#' `NeuralNetwork.load()` and `gentlenn.estimator.load_classifier()` read what R saves and the
#' other way round; version 1 files are read too. Saving writes a temporary file and renames it,
#' so it never leaves half a file behind.
#'
#' @param object A `gentlenn_network`, or a `gentlenn_classifier` (saved with its labels and
#'   scaling).
#' @param path File path.
#' @return `save_network()`: `path`, invisibly. `load_network()`: a `gentlenn_classifier` when the
#'   file holds class labels (a classifier's file), else a `gentlenn_network`.
#' @examplesIf gentlenn_available()
#' path <- tempfile(fileext = ".json")
#' save_network(neural_network(3, 2, 2, seed = 1), path)
#' load_network(path)
#' @export
save_network <- function(object, path) {
  core()
  if (inherits(object, "gentlenn_classifier")) return(save_classifier(object, path))
  check_network(object)
  check_string(path, "path")
  training <- if (!is.null(object$seed) && !is.na(object$seed)) list(seed = object$seed)
  began <- object[intersect(c("init", "generator"), names(object))]  # how the weights began, where known
  training <- c(training, Filter(function(v) !is.null(v) && !is.na(v), began))
  if (!length(training)) training <- NULL
  call_core(network_to_py(object)$save(path.expand(path), training = training))
  invisible(path)
}

#' @rdname save_network
#' @export
load_network <- function(path) {
  core()
  check_string(path, "path")
  call_core({
    read <- core()$network$read_network_file(path.expand(path))
    out <- network_file_from_py(read)
    training <- json_from_py(reticulate::py_get_item(read[1], "training"))
    for (k in c("init", "generator")) {  # how the weights began, as save_network() wrote it
      if (is.character(training[[k]]) && length(training[[k]]) == 1L) out[[k]] <- training[[k]]
    }
    out
  })
}

#' What the network imagines for each label
#'
#' Runs the network backwards (the book's backquery) from each output node in turn.
#'
#' @param object A `gentlenn_classifier`, `gentlenn_run` or `gentlenn_network`.
#' @return An array (labels x 28 x 28) for square inputs, else a matrix (labels x inputs).
#' @examplesIf gentlenn_available()
#' imgs <- backquery_images(neural_network(784, 20, 10, seed = 1))
#' dim(imgs)
#' @export
backquery_images <- function(object) {
  core()
  if (inherits(object, "gentlenn_run")) object <- object$classifier
  if (inherits(object, "gentlenn_classifier")) object <- object$network
  check_network(object)
  call_core(r_array(core()$network$backquery_images(network_to_py(object))))
}
