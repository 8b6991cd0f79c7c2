#' gentlenn: the neural networks of 'Make Your Own Neural Network', from R and Python
#'
#' The book's slope classifier and three-layer sigmoid network, computed by the package's Python
#' core (through reticulate) with R-shaped results: the same seed gives the same numbers in R and
#' in Python.
#'
#' @section Start here:
#' * the slope classifier: [slope_classifier()] (formula or data frame), [slope_history()],
#'   [slope_learning_rate_study()], [animate_slope()], on [bugs] or [iris_two_class()];
#' * the network: [neural_network()] with the verbs [query_network()], [train_network()],
#'   [backquery_network()], [save_network()] / [load_network()];
#' * classifiers on any data: [network_classifier()] (`Species ~ .` works);
#' * digits: [load_mnist()], [train_digits()], [digits_experiment()], [backquery_images()],
#'   [read_digit_images()];
#' * the course as a tutorial: `vignette("gentlenn-course")`.
#'
#' @section Setup:
#' The Python core comes with [install_gentlenn()]; [gentlenn_available()] tells whether it is
#' ready. `RETICULATE_PYTHON` chooses another Python. Errors and warnings have classes, listed in
#' [gentlenn_conditions].
#'
#' @section Random numbers:
#' Every function that draws at random takes `seed`; with `seed = NULL` the seed is drawn from R's
#' random stream, so `set.seed()` reproduces a run. The seed used is stored in the result.
#'
#' @examples
#' fit <- slope_classifier(bugs, slope = 0.25, learning_rate = 0.5, engine = "r")
#' slope_history(fit)$slope   # the book's 0.3083 and 1.6042
#' gentlenn_available()
#' @keywords internal
#' @importFrom stats coef fitted nobs predict
"_PACKAGE"
