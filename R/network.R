#' Create the book's three-layer network
#'
#' A network of `input_nodes`, `hidden_nodes` and `output_nodes` sigmoid nodes without bias nodes,
#' as in "Make Your Own Neural Network". Weights are drawn by the Python core from
#' normal(0, n_in^-0.5) with `seed`, or given.
#'
#' The returned object is an ordinary R value holding the two weight matrices: [train()] returns a
#' new, updated network and leaves its argument unchanged (R's copy-on-modify semantics), and the
#' object can be saved with `saveRDS()`. Each call crosses into Python once, whatever the number of
#' examples.
#'
#' @param input_nodes,hidden_nodes,output_nodes Layer sizes.
#' @param learning_rate Gradient-descent step (> 0).
#' @param weights `NULL`, or a list of two matrices: `wih` (hidden x input) and `who`
#'   (output x hidden); `wih[j, i]` links input `i` to hidden node `j`.
#' @param error_split How output errors are shared back to the hidden layer: `"transpose"`
#'   (`t(who) %*% e`, the book's code) or `"proportional"` (each link's share `w / sum(w)`).
#' @param seed Integer seed for the random weights.
#' @return An object of class `gentlenn_network`: a list with the layer sizes, `learning_rate`,
#'   `error_split`, `wih` and `who`.
#' @seealso [query()], [train()], [backquery()], [save_network()], [network_classifier()].
#' @examplesIf gentlenn_available()
#' # the book's 3x3x3 example
#' net <- neural_network(3, 3, 3, weights = list(
#'   wih = matrix(c(0.9, 0.3, 0.4, 0.2, 0.8, 0.2, 0.1, 0.5, 0.6), 3, byrow = TRUE),
#'   who = matrix(c(0.3, 0.7, 0.5, 0.6, 0.5, 0.2, 0.8, 0.1, 0.9), 3, byrow = TRUE)))
#' net
#' query(net, c(0.9, 0.1, 0.8))
#' @export
neural_network <- function(input_nodes, hidden_nodes, output_nodes, learning_rate = 0.3,
                           weights = NULL, error_split = c("transpose", "proportional"), seed = NULL) {
  error_split <- match.arg(error_split)
  check_whole(seed, "seed", min = -.Machine$integer.max, null_ok = TRUE)
  if (!is.null(weights)) {
    if (!is.list(weights) || length(weights) != 2L) {
      abort_gentlenn("`weights` must be NULL or a list of two matrices (wih, who).",
                     class = "gentlenn_bad_argument")
    }
    weights <- unname(lapply(weights, function(w) if (is.numeric(w)) as.matrix(w) else w))
  }
  py <- core()
  call_core(network_from_py(py$NeuralNetwork(
    input_nodes, hidden_nodes, output_nodes, learning_rate,
    weights = weights, error_split = error_split,
    random_state = if (is.null(seed)) NULL else as.integer(seed)
  )))
}

# The Python network as an R value, and back.
network_from_py <- function(net) {
  structure(list(
    input_nodes = reticulate::py_to_r(net$input_nodes),
    hidden_nodes = reticulate::py_to_r(net$hidden_nodes),
    output_nodes = reticulate::py_to_r(net$output_nodes),
    learning_rate = reticulate::py_to_r(net$learning_rate),
    error_split = reticulate::py_to_r(net$error_split),
    wih = reticulate::py_to_r(net$wih),
    who = reticulate::py_to_r(net$who)
  ), class = "gentlenn_network")
}

network_to_py <- function(object) {
  check_network(object)
  core()$NeuralNetwork(object$input_nodes, object$hidden_nodes, object$output_nodes,
                       object$learning_rate, weights = list(object$wih, object$who),
                       error_split = object$error_split)
}

# numpy arrays as R values: 1-D arrays become plain vectors, 2-D ones matrices.
r_array <- function(x) {
  x <- reticulate::py_to_r(x)
  if (length(dim(x)) == 1L) as.vector(x) else x
}

# A value from Python (a callback's argument, with convert = FALSE) as an R value.
as_r <- function(x) if (inherits(x, "python.builtin.object")) reticulate::py_to_r(x) else x

check_network <- function(object, arg = "object") {
  if (!inherits(object, "gentlenn_network")) {
    abort_gentlenn(sprintf("`%s` must be a gentlenn_network from neural_network().", arg),
                   class = "gentlenn_bad_argument")
  }
  invisible(object)
}

# Inputs as a numeric vector (one example) or a matrix (one example per row).
as_examples <- function(x, arg) {
  if (is.data.frame(x)) x <- as.matrix(x)
  if (!is.numeric(x)) {
    abort_gentlenn(sprintf("`%s` must be a numeric vector or matrix.", arg), class = "gentlenn_bad_argument")
  }
  storage.mode(x) <- "double"
  x
}

#' Query a network: the forward pass
#'
#' @param object A `gentlenn_network`.
#' @param inputs One example as a numeric vector, or a matrix with one example per row.
#' @param hidden Also return the hidden layer's outputs.
#' @param ... Unused.
#' @return The outputs (a vector for one example, else a matrix), or with `hidden = TRUE` a list
#'   of `outputs` and `hidden`.
#' @examplesIf gentlenn_available()
#' net <- neural_network(2, 2, 2, weights = list(matrix(c(0.9, 0.2, 0.3, 0.8), 2), diag(2)))
#' query(net, c(1, 0.5), hidden = TRUE)$hidden   # the book's 2x2 example: 0.7408 0.6457
#' @export
query <- function(object, ...) UseMethod("query")

#' @rdname query
#' @export
query.gentlenn_network <- function(object, inputs, hidden = FALSE, ...) {
  check_flag(hidden, "hidden")
  inputs <- as_examples(inputs, "inputs")
  call_core({
    res <- network_to_py(object)$query(inputs, return_hidden = TRUE)
    out <- list(outputs = r_array(res[0]), hidden = r_array(res[1]))
  })
  if (hidden) out else out$outputs
}

#' Train a network on examples, one gradient-descent step each
#'
#' Steps through the rows of `inputs` in order (the book's per-example update), in one call to the
#' Python core, and returns the updated network; `object` itself is not changed.
#'
#' @param object A `gentlenn_network`.
#' @param inputs One example (vector) or a matrix with one example per row.
#' @param targets The wanted outputs, strictly between 0 and 1, in the same shape.
#' @param ... Unused.
#' @return The trained `gentlenn_network`.
#' @examplesIf gentlenn_available()
#' net <- neural_network(3, 4, 2, seed = 1)
#' net2 <- train(net, c(0.9, 0.1, 0.8), c(0.99, 0.01))
#' identical(net$wih, net2$wih)   # FALSE: net is unchanged, net2 learned
#' @export
train <- function(object, ...) UseMethod("train")

#' @rdname train
#' @export
train.gentlenn_network <- function(object, inputs, targets, ...) {
  inputs <- as_examples(inputs, "inputs")
  targets <- as_examples(targets, "targets")
  call_core({
    net <- network_to_py(object)
    net$train_many(inputs, targets)
    network_from_py(net)
  })
}

#' Run a network backwards
#'
#' The book's backquery: the input image the network associates with `targets`, rescaled into
#' 0.01..0.99.
#'
#' @param object A `gentlenn_network`.
#' @param targets Output values strictly between 0 and 1.
#' @param ... Unused.
#' @return A numeric vector of length `input_nodes`.
#' @examplesIf gentlenn_available()
#' backquery(neural_network(4, 3, 2, seed = 1), c(0.99, 0.01))
#' @export
backquery <- function(object, ...) UseMethod("backquery")

#' @rdname backquery
#' @export
backquery.gentlenn_network <- function(object, targets, ...) {
  targets <- as_examples(targets, "targets")
  call_core(r_array(network_to_py(object)$backquery(targets)))
}

#' @export
print.gentlenn_network <- function(x, ...) {
  cat(sprintf("<gentlenn network> %d inputs -> %d hidden -> %d outputs (sigmoid, no bias)\n",
              as.integer(x$input_nodes), as.integer(x$hidden_nodes), as.integer(x$output_nodes)))
  cat(sprintf("  learning rate %s, hidden errors by %s split\n", format(x$learning_rate), x$error_split))
  cat(sprintf("  weights: wih %d x %d (mean %.3f, sd %.3f), who %d x %d (mean %.3f, sd %.3f)\n",
              nrow(x$wih), ncol(x$wih), mean(x$wih), stats::sd(as.vector(x$wih)),
              nrow(x$who), ncol(x$who), mean(x$who), stats::sd(as.vector(x$who))))
  invisible(x)
}

#' @rdname query
#' @param newdata Examples, one per row (as for `inputs`).
#' @export
predict.gentlenn_network <- function(object, newdata, ...) {
  query(object, newdata)
}

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
#' The file is the Python core's JSON format (`gentlenn-network`, version 1): layer sizes,
#' learning rate, error split and the weights as lists of rows, exact to the last bit. Python's
#' `NeuralNetwork.load()` reads what R saves and the other way round; `jsonlite::fromJSON()` reads it
#' too. Saving writes a temporary file and renames it, so it never leaves half a file behind.
#'
#' @param object A `gentlenn_network`.
#' @param path File path.
#' @return `save_network()`: `path`, invisibly. `load_network()`: a `gentlenn_network`.
#' @examplesIf gentlenn_available()
#' path <- tempfile(fileext = ".json")
#' save_network(neural_network(3, 2, 2, seed = 1), path)
#' load_network(path)
#' @export
save_network <- function(object, path) {
  check_network(object)
  call_core(network_to_py(object)$save(path.expand(path)))
  invisible(path)
}

#' @rdname save_network
#' @export
load_network <- function(path) {
  py <- core()
  call_core(network_from_py(py$NeuralNetwork$load(path.expand(path))))
}
