# The book's network as a classifier on any data: R's face of python/gentlenn/estimator.py.
# R's modelling conventions live here: model.frame()/model.matrix() for formulas and data frames,
# a blueprint kept in the fit that rebuilds new data the same way for predict(), and `$call` for
# update(). Python sees only the numeric matrix that comes out.

#' Train the book's network as a classifier on a data set
#'
#' One output node per class, inputs scaled onto the book's 0.01..1.00, targets 0.01/0.99, and
#' `epochs` passes of per-example gradient descent, all in one call to the Python core
#' (`gentlenn.NeuralNetworkClassifier`).
#'
#' The formula and data frame methods follow R's modelling conventions, as `lm()` and
#' `nnet::nnet()` do: the predictors go through [stats::model.frame()] and
#' [stats::model.matrix()], so transformations and interactions work
#' (`Species ~ log(Petal.Length) + Sepal.Width:Petal.Width`), factors and logicals become one
#' 0/1 input per level (one-hot, every level kept), and character columns are converted to
#' factors (their levels sorted). The fit keeps a blueprint of this encoding, so [predict()]
#' rebuilds new data the same way; a level it never saw is a `gentlenn_new_level` error. The
#' response must hold class labels: a factor (best), character, logical or whole numbers; a
#' numeric response with fractions is refused (a classifier needs classes: use `factor()` or
#' `cut()`).
#'
#' The fit keeps its call, so `update(fit, epochs = 30)` refits with one setting changed.
#' Training ends with a `gentlenn_poor_fit` warning when the network answers one class for every
#' training row or does no better than always answering the most common class; it says what to
#' try.
#'
#' @param x A formula such as `Species ~ .` (with `data`), a data frame of predictors, or a
#'   numeric matrix, one example per row. A data frame piped in with a formula works too:
#'   `iris |> network_classifier(Species ~ .)`.
#' @param formula A formula `class ~ predictors`; may also be given by name,
#'   `network_classifier(formula = Species ~ ., data = iris)`.
#' @param y Class labels, one per row: a factor, character, logical or whole-number vector (not
#'   with a formula).
#' @param data A data frame, with a formula.
#' @param subset Rows of `data` to use: an expression evaluated in `data`, as in [lm()].
#' @param na.action What to do with rows holding `NA` (in the response or a predictor): a
#'   function such as [stats::na.omit()] (the default, from `getOption("na.action")`),
#'   [stats::na.exclude()] (`fitted()` then pads the left-out rows with `NA`) or
#'   [stats::na.fail()]. The data frame and matrix methods refuse `NA`, naming the rows.
#' @param weights Not supported (the book's network weighs every example alike): a clear error.
#'   To weigh rows, repeat them.
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
#'   `validation_data`; 0.1 called it `validation`, which still works, with a warning). With a
#'   formula or data frame, `x` is a data frame with the training columns, rebuilt by the
#'   blueprint.
#' @param method How the per-example update is
#'   computed (see the Python `NeuralNetworkClassifier`); `"auto"` is `"exact"` (the reference's
#'   numbers, several times faster) when numba is installed.
#'   `r spec_doc("NeuralNetworkClassifier", "method")`
#' @param batch_size 1 (the book's update) or a mini-batch size (averaged changes; wants a larger
#'   learning rate). `r spec_doc("NeuralNetworkClassifier", "batch_size")`
#' @param dtype Precision of the training arithmetic. `r spec_doc("NeuralNetworkClassifier", "dtype")`
#' @param ... The settings below, by name (`hidden_nodes`, `learning_rate`, `epochs`, ...); 0.1's
#'   `validation` is still taken, with a warning.
#' @return An object of class `gentlenn_classifier`: `network` (a [neural_network()]), `classes`,
#'   `input_range`, `history` (a data frame per epoch: `epoch`, `train_mse`, `seconds`, and
#'   `val_accuracy` with `validation_data`), the `fitted` classes, `accuracy` and `confusion`
#'   (predicted against actual) on the training rows, `seed`, the settings, `call`, and for the
#'   formula and data frame methods `blueprint`, `terms` and `na.action`. It has `print()`,
#'   `summary()`, `predict()`, `fitted()`, `coef()`, `nobs()`, `plot()`, `update()` and
#'   `as.data.frame()` (the history) methods; [gentlenn_caret_model()] tunes it with caret.
#' @examplesIf gentlenn_available()
#' fit <- network_classifier(Species ~ ., data = iris, epochs = 30, seed = 1)
#' fit
#' table(predicted = predict(fit), actual = iris$Species)
#' # transformations, interactions, factors and the pipe, as in lm():
#' flowers <- transform(iris, wide = Sepal.Width > 3)
#' fit2 <- flowers |> network_classifier(Species ~ log(Petal.Length) + Sepal.Width:wide, epochs = 30, seed = 1)
#' predict(fit2, flowers[c(1, 51, 101), ])
#' update(fit2, epochs = 5)$epochs
#' digits <- load_digits_8x8()
#' fit8 <- network_classifier(digits$x[1:1200, ], digits$y[1:1200], hidden_nodes = 50,
#'                            learning_rate = 0.2, epochs = 3, seed = 1)
#' mean(predict(fit8, digits$x[1201:1797, ]) == digits$y[1201:1797])
#' @export
network_classifier <- function(x, ...) {
  if (missing(x)) {  # network_classifier(formula = Species ~ ., data = iris): dispatch on the formula
    if ("formula" %in% ...names()) UseMethod("network_classifier", ...elt(match("formula", ...names())))
    bad_argument(paste("`x` is missing: give a formula with data, network_classifier(Species ~ ., data = iris),",
                       "or examples and labels, network_classifier(x, y)."))
  }
  UseMethod("network_classifier")
}

#' @rdname network_classifier
#' @export
network_classifier.formula <- function(formula, data, ..., subset,
                                       na.action, weights) { # nolint: object_name_linter. (lm()'s names)
  core()
  call <- classifier_call(match.call())
  if (!missing(weights)) refuse_weights()
  if (missing(data) || !is.data.frame(data)) {
    bad_argument(sprintf("`data` must be a data frame for the formula %s.", deparse1(formula)))
  }
  if (length(formula) != 3L) bad_argument("the formula must have a response: class ~ predictors.")
  check_formula_columns(formula, data)
  mf <- match.call(expand.dots = FALSE)
  mf <- mf[c(1L, match(c("formula", "data", "subset", "na.action"), names(mf), 0L))]
  mf$drop.unused.levels <- TRUE
  mf[[1L]] <- quote(stats::model.frame)
  mf <- tryCatch(eval(mf, parent.frame()), error = function(e) {
    bad_argument(sprintf("the formula does not fit `data`: %s", conditionMessage(e)))
  })
  if (nrow(mf) == 0L) bad_argument("no rows are left to train on (after `subset` and `na.action`).")
  response <- deparse1(formula[[2L]])
  y <- check_response(stats::model.response(mf), response)
  mold <- mold_predictors(mf, names(data), response = response)
  fit <- fit_molded(mold, y, list(...))
  fit$formula <- formula
  fit$terms <- attr(mf, "terms")
  fit$na.action <- attr(mf, "na.action")
  fit$call <- call
  fit
}

#' @rdname network_classifier
#' @export
network_classifier.data.frame <- function(x, y, ...) {
  if ((!missing(y) && inherits(y, "formula")) || "formula" %in% ...names()) {
    # the pipe, iris |> network_classifier(Species ~ .): the data frame is the data of a formula
    call <- classifier_call(match.call())
    names(call)[names(call) == "x"] <- "data"
    if (!missing(y)) names(call)[names(call) == "y"] <- "formula"
    return(eval(call, parent.frame()))
  }
  core()
  call <- classifier_call(match.call())
  if (missing(y)) bad_argument("`y` is missing: give the class labels, or use a formula such as Species ~ .")
  if (ncol(x) == 0L) bad_argument("`x` has no columns.")
  terms <- stats::terms(~., data = x)
  environment(terms) <- baseenv()  # plain column names only; the fit must not hold this frame
  mf <- stats::model.frame(terms, x, na.action = stats::na.pass)
  fit <- fit_molded(mold_predictors(mf, names(x)), y, list(...))
  fit$call <- call
  fit
}

#' @rdname network_classifier
#' @export
network_classifier.matrix <- with_spec_defaults("NeuralNetworkClassifier", function(
    x, y, ..., hidden_nodes, learning_rate, epochs, input_range, error_split, shuffle, seed = NULL,
    validation_data = NULL, method, batch_size, dtype, init, generator = c("default", "book")) {
  core()
  call <- classifier_call(match.call())
  dots <- list(...)
  if ("validation" %in% names(dots)) {  # settings come after `...`, so 0.1's name lands here
    deprecated("network_classifier(validation)", "network_classifier(validation_data)")
    validation_data <- dots$validation
    dots$validation <- NULL
  }
  if ("weights" %in% names(dots)) refuse_weights()
  if (length(dots)) {
    given <- if (is.null(names(dots))) rep("(unnamed)", length(dots)) else names(dots)
    bad_argument(sprintf("unknown argument(s) %s; settings must be named.", paste(given, collapse = ", ")))
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
    if (!is.list(validation) || is.data.frame(validation) || !all(c("x", "y") %in% names(validation))) {
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
  fit$call <- call
  fit <- add_training_scores(fit, y)
  warn_if_poor_fit(fit, y)
  fit
})

#' @rdname network_classifier
#' @export
network_classifier.default <- function(x, ...) {
  bad_argument(sprintf(paste0("`x` must be a formula (with `data`), a data frame or a numeric matrix, got %s. ",
                              "For a single predictor use a one-column matrix, matrix(x), or a data frame."),
                       describe(x)), argument = "x", value = x)
}

# The user's call under the generic's name (a method's match.call() names the method), so
# update() and print(fit$call) read as the user wrote them.
classifier_call <- function(call) {
  if (is.name(call[[1L]]) && startsWith(as.character(call[[1L]]), "network_classifier.")) {
    call[[1L]] <- as.name("network_classifier")
  }
  call
}

# The encoded predictors (a numeric matrix) and the labels, fitted by the matrix method; a
# validation_data$x data frame is rebuilt by the same blueprint first.
fit_molded <- function(mold, y, settings) {
  v <- settings$validation_data %||% settings$validation
  if (is.list(v) && !is.data.frame(v) && (is.data.frame(v$x) || !is.null(colnames(v$x)))) {
    v$x <- forge_predictors(mold$blueprint, v$x, "validation_data$x")
    settings[[if (is.null(settings$validation_data)) "validation" else "validation_data"]] <- v
  }
  fit <- do.call(network_classifier.matrix, c(list(mold$x, y), settings))
  fit$blueprint <- mold$blueprint
  fit
}

refuse_weights <- function() {
  bad_argument(paste0("`weights` are not supported: the book's network learns from every row alike. To count ",
                      "a row more than once, repeat it, e.g. data[rep(seq_len(nrow(data)), times = w), ]."),
               argument = "weights")
}

# Data columns the formula names that neither `data` nor the formula's environment holds: the
# usual typo, said with the columns there are.
check_formula_columns <- function(formula, data) {
  vars <- setdiff(all.vars(formula), c(".", names(data)))
  env <- environment(formula) %||% globalenv()
  missing_vars <- vars[!vapply(vars, exists, logical(1), envir = env)]
  if (length(missing_vars)) {
    bad_argument(sprintf("`data` has no column(s) %s (columns: %s).", paste(missing_vars, collapse = ", "),
                         paste(names(data), collapse = ", ")))
  }
}

# The response of a formula as class labels: one column, and not numbers with fractions (R's
# numeric response means regression).
check_response <- function(y, response) {
  if (is.null(y)) bad_argument("the formula's left side must name one column of class labels.")
  if (is.matrix(y) || is.data.frame(y)) {
    bad_argument(sprintf("the response `%s` has %d columns: a classifier needs one column of class labels.",
                         response, NCOL(y)))
  }
  if (is.double(y) && !is.object(y) && any(is.finite(y) & y != round(y))) {
    bad_argument(sprintf(paste0("the response `%s` is numeric (values such as %s): network_classifier() is a ",
                                "classifier and needs a factor of classes. Use factor(%s) if the values name ",
                                "classes, or cut(%s, breaks = 3) to group them; for a numeric response use a ",
                                "regression such as lm()."),
                         response, describe(utils::head(unique(y[y != round(y)]), 3)), response, response),
                 argument = "formula", value = response)
  }
  y
}

# Model-frame predictors -> the network's numeric inputs, and the blueprint that rebuilds them.
# Characters and logicals become factors; every factor is one-hot encoded with all its levels
# (the network has no intercept to absorb a reference level).
mold_predictors <- function(mf, data_names, response = NULL) {
  terms <- stats::delete.response(attr(mf, "terms"))
  vars <- vapply(as.list(attr(terms, "variables"))[-1L], deparse1, "")
  if (!length(attr(terms, "term.labels"))) bad_argument("the formula has no predictors: class ~ predictors.")
  predictors <- list()
  for (v in vars) {
    value <- mf[[v]]
    kind <- predictor_kind(value, v)
    if (kind == "numeric") {
      predictors[[v]] <- list(kind = kind)
      next
    }
    value <- as_factor(value, kind)
    if (nlevels(value) < 2L) {
      bad_argument(sprintf(paste("the predictor `%s` has a single value (%s) in the training rows: it cannot tell",
                                 "classes apart; leave it out of the formula."), v, describe(levels(value))),
                   argument = v)
    }
    mf[[v]] <- value
    predictors[[v]] <- list(kind = kind, levels = levels(value))
  }
  x <- encode_predictors(terms, mf, predictors)
  blueprint <- new_gentlenn_blueprint(terms = terms, variables = intersect(all.vars(terms), data_names),
                                      predictors = predictors, columns = colnames(x), response = response)
  list(x = x, blueprint = blueprint)
}

predictor_kind <- function(value, name) {
  if (is.factor(value)) return("factor")
  if (is.character(value)) return("character")
  if (is.logical(value)) return("logical")
  if (is.numeric(value) && !is.object(value)) return("numeric")
  bad_argument(sprintf(paste0("the predictor `%s` is of class %s: network_classifier() takes numbers, factors, ",
                              "characters and logicals. Convert it first, e.g. as.numeric(%s) or factor(%s)."),
                       name, class(value)[1], name, name), argument = name)
}

as_factor <- function(value, kind, levels = NULL) {
  if (kind == "factor" && is.null(levels)) return(value)
  text <- as.character(value)
  levels <- levels %||% switch(kind, logical = c("FALSE", "TRUE"), sort(unique(text[!is.na(text)])))
  factor(text, levels = levels)
}

# model.matrix() with every factor one-hot, without the intercept column; rows with NA kept.
encode_predictors <- function(terms, mf, predictors) {
  factors <- Filter(function(p) p$kind != "numeric", predictors)
  one_hot <- lapply(factors, function(p) stats::contr.treatment(p$levels, contrasts = FALSE))
  x <- stats::model.matrix(terms, mf, contrasts.arg = if (length(one_hot)) one_hot)
  x <- x[, colnames(x) != "(Intercept)", drop = FALSE]
  attr(x, "assign") <- NULL
  attr(x, "contrasts") <- NULL
  x
}

# New data rebuilt by a fit's blueprint into the training inputs: the same columns, the same
# levels (a new one is a gentlenn_new_level error), NA rows kept (they predict NA).
forge_predictors <- function(blueprint, newdata, arg = "newdata") {
  if (is.matrix(newdata) && !is.null(colnames(newdata))) newdata <- as.data.frame(newdata)
  if (!is.data.frame(newdata)) {
    bad_argument(sprintf("`%s` must be a data frame with the training columns (%s), got %s.", arg,
                         paste(blueprint$variables, collapse = ", "), describe(newdata)))
  }
  missing_cols <- setdiff(blueprint$variables, names(newdata))
  if (length(missing_cols)) {
    bad_argument(sprintf("`%s` lacks the training column(s) %s.", arg, paste(missing_cols, collapse = ", ")))
  }
  mf <- tryCatch(stats::model.frame(blueprint$terms, newdata, na.action = stats::na.pass), error = function(e) {
    bad_argument(sprintf("`%s` does not fit the training formula: %s", arg, conditionMessage(e)))
  })
  for (v in names(blueprint$predictors)) {
    p <- blueprint$predictors[[v]]
    mf[[v]] <- forge_variable(mf[[v]], p, v, arg)
  }
  x <- encode_predictors(blueprint$terms, mf, blueprint$predictors)
  x <- x[, blueprint$columns, drop = FALSE]
  rownames(x) <- rownames(newdata)
  x
}

forge_variable <- function(value, p, name, arg) {
  numeric <- is.numeric(value) && !is.object(value)
  if (p$kind == "numeric") {
    if (!numeric) {
      bad_argument(sprintf("`%s`'s `%s` must be numeric, as in the training data, got %s.", arg, name,
                           class(value)[1]), argument = arg)
    }
    return(value)
  }
  text <- as.character(value)
  new <- setdiff(unique(text[!is.na(text)]), p$levels)
  if (length(new)) {
    abort_gentlenn(sprintf(paste0("`%s`'s `%s` has the level(s) %s, which the training data did not have ",
                                  "(it had %s): the network has no input for them. Predict rows with known ",
                                  "levels, or refit on data that has them."),
                           arg, name, describe(new), describe(p$levels)),
                   class = c("gentlenn_new_level", "gentlenn_bad_argument"), argument = arg, value = new)
  }
  factor(text, levels = p$levels)
}

# Accuracy and the confusion table (predicted against actual) of the training rows, kept in the fit.
add_training_scores <- function(fit, y) {
  levels <- fit$label_levels %||% label_names(fit$classes)
  actual <- factor(label_names(if (is.factor(y) || is.object(y)) as.character(y) else y), levels = levels)
  predicted <- factor(label_names(if (is.factor(fit$fitted)) as.character(fit$fitted) else fit$fitted), levels = levels)
  fit$confusion <- table(predicted = predicted, actual = actual)
  fit$accuracy <- mean(predicted == actual)
  fit
}

# A fit that answers one class for everything, or no better than always answering the most
# common class, says so (and what to try) instead of looking like a result.
warn_if_poor_fit <- function(fit, y) {
  counts <- colSums(fit$confusion)
  majority <- max(counts) / sum(counts)
  answered <- rowSums(fit$confusion) > 0
  one_class <- sum(answered) == 1L
  if (!one_class && fit$accuracy > majority) return(invisible(FALSE))
  what <- if (one_class) {
    sprintf("the network answers \"%s\" for all %d training rows", names(which(answered)), sum(counts))
  } else {
    sprintf("training accuracy %.3f is no better than always answering the most common class (%.3f)",
            fit$accuracy, majority)
  }
  tips <- c(if (fit$learning_rate > 1) {
              sprintf("a smaller learning_rate (such as 0.1; it is %s)", format(fit$learning_rate))
            },
            if (fit$epochs < 30) sprintf("more epochs (such as epochs = 30; it is %d)", as.integer(fit$epochs)),
            "another seed", "checking that the predictors differ between the classes")
  warn_gentlenn(sprintf("%s. Try %s.", what, paste(tips, collapse = ", ")), class = "gentlenn_poor_fit",
                accuracy = fit$accuracy, majority = majority)
}

#' Predict with a network classifier
#'
#' A classifier fitted with a formula or a data frame rebuilds `newdata` with the blueprint it
#' kept: the same transformations, the same one-hot columns for factors, characters and
#' logicals (a level the training data did not have is a `gentlenn_new_level` error); other
#' columns are ignored. A classifier fitted on a matrix matches columns by name when both have
#' names. Rows with `NA` give `NA`.
#'
#' @param object A `gentlenn_classifier`.
#' @param newdata A data frame (or numeric matrix) with the training columns; `NULL` (default)
#'   gives the fitted classes, probabilities or outputs of the training rows.
#' @param type `"class"` (labels: a factor with the training levels when the labels were a
#'   factor), `"prob"` (outputs normalised per row), or `"outputs"` (the raw output nodes;
#'   `"raw"` is the same, as in `nnet` and caret).
#' @param ... Unused.
#' @return A vector of classes or a matrix with one column per class.
#' @examplesIf gentlenn_available()
#' fit <- network_classifier(Species ~ ., data = iris, epochs = 30, seed = 1)
#' predict(fit, iris[c(1, 51, 101), 4:1])   # columns are matched by name
#' predict(fit, iris[1:3, ], type = "prob")
#' predict(fit, iris[1:3, ], type = "raw")  # the output nodes
#' @export
predict.gentlenn_classifier <- function(object, newdata = NULL, type = c("class", "prob", "outputs", "raw"), ...) {
  core()
  type <- check_choice(type, c("class", "prob", "outputs", "raw"), "type")
  if (type == "raw") type <- "outputs"
  if (is.null(newdata)) {
    if (is.null(object$fitted_outputs)) bad_argument("`newdata` is needed: this classifier holds no training rows.")
    out <- if (type == "class") object$fitted else object$fitted_outputs
    if (type == "prob") out <- out / rowSums(out)
    return(stats::napredict(object$na.action, out))
  }
  x <- classifier_inputs(object, newdata, "newdata")
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

# New examples as the classifier's numeric inputs: through its blueprint (formula and data frame
# fits), else the matrix's columns matched by name; NA rows kept.
classifier_inputs <- function(object, newdata, arg) {
  x <- if (!is.null(object$blueprint)) forge_predictors(object$blueprint, newdata, arg) else
    match_columns(newdata, object$columns, arg)
  x <- check_examples(x, arg, na_ok = TRUE)
  if (ncol(x) != object$network$input_nodes) {
    bad_argument(sprintf("`%s` must have %d columns, got %d.", arg, as.integer(object$network$input_nodes), ncol(x)))
  }
  x
}

# newdata's columns in training order, by name when both sides have names (all of them, distinct).
match_columns <- function(newdata, columns, arg) {
  named <- function(n) !is.null(n) && all(nzchar(n)) && !anyNA(n) && !anyDuplicated(n)
  if (!named(columns) || !named(colnames(newdata))) return(newdata)
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
#' `print()` shows the layer sizes, the settings, the classes and the training accuracy;
#' `summary()` adds the error of the first and last epochs and the confusion table of the
#' training rows, predicted against actual.
#'
#' @param x,object A `gentlenn_classifier`.
#' @param ... Unused.
#' @return `print()`: `x`, invisibly. `summary()`: a `summary.gentlenn_classifier` list (layer
#'   sizes, settings, seed, `accuracy` (the training accuracy), `confusion` (the table of predicted
#'   against actual classes of the training rows), the history) with its own print method.
#'   `fitted()`: the predicted classes of the training rows (`NA` for rows left out by
#'   `na.action = na.exclude`). `formula()`: the model formula with `.` expanded. `coef()`: the weight matrices.
#'   `nobs()`: the number of training rows. `as.data.frame()`: the history, one row per epoch.
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
  if (!is.null(x$formula)) cat("  formula:", deparse1(x$formula), "\n")
  cat("  classes:", paste(utils::head(label_names(unlist(x$classes)), 12), collapse = " "),
      if (length(x$classes) > 12) "..." else "", "\n")
  if (!is.null(x$accuracy)) {
    cat(sprintf("  training accuracy: %.4f (%d of %d rows)\n", x$accuracy, as.integer(sum(diag(x$confusion))),
                as.integer(sum(x$confusion))))
  }
  left_out <- length(x$na.action)
  if (left_out) cat(sprintf("  %d row(s) with missing values left out (na.action)\n", left_out))
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
    accuracy = object$accuracy, confusion = object$confusion
  )
}

#' @rdname print.gentlenn_classifier
#' @export
print.summary.gentlenn_classifier <- function(x, ...) {
  cat(sprintf("Network classifier %s, learning rate %s, %d epoch(s), seed %s, %s training rows\n",
              paste(as.integer(x$sizes), collapse = " -> "), format(x$learning_rate), as.integer(x$epochs),
              format(x$seed), format(x$n_obs)))
  if (!is.null(x$accuracy)) {
    cat(sprintf("Training accuracy: %.4f (%d of %d rows)\n", x$accuracy, as.integer(sum(diag(x$confusion))),
                as.integer(sum(x$confusion))))
  }
  h <- x$history
  if (nrow(h)) {
    last <- nrow(h)
    cat(sprintf("Mean squared output error: %.4f after epoch 1%s\n", h$train_mse[1],
                if (last > 1) sprintf(", %.4f after epoch %d", h$train_mse[last], as.integer(h$epoch[last])) else ""))
    if ("val_accuracy" %in% names(h)) {
      cat(sprintf("Validation accuracy after epoch %d: %.4f\n", last, h$val_accuracy[last]))
    }
  }
  if (!is.null(x$confusion)) {
    cat("\nTraining rows, predicted (rows) against actual (columns) classes:\n")
    print(x$confusion)
  }
  invisible(x)
}

#' @rdname print.gentlenn_classifier
#' @export
fitted.gentlenn_classifier <- function(object, ...) stats::napredict(object$na.action, object$fitted)

#' @rdname print.gentlenn_classifier
#' @importFrom stats formula
#' @export
formula.gentlenn_classifier <- function(x, ...) {
  if (is.null(x$terms)) bad_argument("this classifier was not fitted with a formula.")
  stats::formula(x$terms)  # with `.` expanded, so update(fit, . ~ . - x) works as for lm()
}

#' @rdname print.gentlenn_classifier
#' @export
coef.gentlenn_classifier <- function(object, ...) stats::coef(object$network)

#' @rdname print.gentlenn_classifier
#' @export
nobs.gentlenn_classifier <- function(object, ...) object$n_obs

#' @rdname print.gentlenn_classifier
#' @param row.names,optional Unused (as for [as.data.frame()]).
#' @export
as.data.frame.gentlenn_classifier <- function(x,
                                              row.names = NULL, optional = FALSE, ...) { # nolint: object_name_linter.
  x$history
}

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
