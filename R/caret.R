# network_classifier() as a caret model: caret's custom-model list (see caret's help on
# "Using your own model in train"), so train() tunes the book's network by resampling like any
# of caret's own models.

#' The network classifier as a caret model, to tune it by resampling
#'
#' A model description for [caret::train()] (`method = gentlenn_caret_model()`): caret tunes
#' `hidden_nodes` and `learning_rate` of [network_classifier()] by cross-validation, the
#' bootstrap or any other of its resampling schemes, and predicts classes and probabilities
#' (`classProbs = TRUE`). Every other setting of [network_classifier()] (`epochs`, `seed`,
#' `input_range`, ...) is passed through `train()`'s `...`. Case weights are not supported.
#'
#' Without `tuneGrid`, `tuneLength = n` tries the first `n` of 5, 10, 20, 50 and 100 hidden nodes
#' with the first `n` of the learning rates 0.1, 0.3, 1, 0.03 and 0.01 (random search: hidden
#' nodes from 2 to 100, learning rates from 0.01 to 1, log-uniform).
#'
#' @return A list in caret's format for custom models: `label`, `library`, `type`
#'   (`"Classification"`), `parameters`, and the functions `grid`, `fit`, `predict`, `prob`,
#'   `levels` and `sort`.
#' @examples
#' names(gentlenn_caret_model())
#' gentlenn_caret_model()$parameters
#' @examplesIf gentlenn_available() && requireNamespace("caret", quietly = TRUE)
#' tuned <- caret::train(Species ~ ., data = iris, method = gentlenn_caret_model(),
#'                       tuneGrid = expand.grid(hidden_nodes = c(5, 20), learning_rate = c(0.1, 0.3)),
#'                       trControl = caret::trainControl(method = "cv", number = 5),
#'                       epochs = 10, seed = 1)
#' tuned$results[, c("hidden_nodes", "learning_rate", "Accuracy")]
#' predict(tuned, iris[c(1, 51, 101), ])
#' @export
gentlenn_caret_model <- function() {
  list(
    label = "Make Your Own Neural Network (gentlenn)",
    library = "gentlenn",
    type = "Classification",
    loop = NULL,
    parameters = data.frame(parameter = c("hidden_nodes", "learning_rate"), class = c("numeric", "numeric"),
                            label = c("Hidden nodes", "Learning rate")),
    grid = caret_grid,
    fit = caret_fit,
    predict = function(modelFit, newdata, submodels = NULL) predict(modelFit, newdata), # nolint: object_name_linter.
    prob = function(modelFit, newdata, submodels = NULL) { # nolint: object_name_linter. (caret's names)
      as.data.frame(predict(modelFit, newdata, type = "prob"), check.names = FALSE)
    },
    levels = function(x) x$label_levels %||% label_names(unlist(x$classes)),
    sort = function(x) x[order(x$hidden_nodes, x$learning_rate), , drop = FALSE],
    tags = c("Neural Network", "Classification")
  )
}

caret_grid <- function(x, y, len = NULL, search = "grid") {
  len <- max(1L, min(as.integer(len %||% 3L), 5L))
  if (search == "grid") {
    return(expand.grid(hidden_nodes = c(5, 10, 20, 50, 100)[seq_len(len)],
                       learning_rate = c(0.1, 0.3, 1, 0.03, 0.01)[seq_len(len)]))
  }
  data.frame(hidden_nodes = sample(2:100, len, replace = TRUE), learning_rate = 10^stats::runif(len, -2, 0))
}

caret_fit <- function(x, y, wts, param, lev, last, classProbs, ...) { # nolint: object_name_linter. (caret's names)
  if (!is.null(wts)) refuse_weights()
  network_classifier(x, y, hidden_nodes = param$hidden_nodes, learning_rate = param$learning_rate, ...)
}
