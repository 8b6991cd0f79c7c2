#' Train the book's slope classifier
#'
#' Fits the line `y = A x` that separates two classes of points, refining the slope `A` from
#' each example by the moderated update `dA = L * (t - A x) / x`, where the target `t` is the
#' point's `y` moved by `margin` to the side the line must pass on (`y + margin` for the class
#' below the line, `y - margin` for the class above).
#'
#' `engine = "python"` runs gentlenn's Python core through reticulate (the package's single
#' implementation); `engine = "r"` runs a short plain-R version of the same rule, the course's R
#' solution, kept so that each language checks the other. For the same `seed` both engines draw
#' the same random initial slope (`set.seed(seed); runif(1, slope_range[1], slope_range[2])`) and
#' the same shuffles (`order(runif(n))` each epoch), and return the same numbers.
#'
#' @param data A data frame of points, or a formula `class ~ x + y` (the first term is the
#'   horizontal value, the second the vertical one) with the data frame as the second argument
#'   or `data =`.
#' @param x,y,class Column names of the horizontal value, the vertical value and the class
#'   (two distinct values). `NULL` picks the first two numeric columns and the first
#'   non-numeric column.
#' @param slope Initial slope, or `NULL` to draw it at random from `slope_range`.
#' @param learning_rate The moderation `L`; 1 moves the line onto each target.
#'   `r spec_doc("SlopeClassifier", "learning_rate")`
#' @param margin How far beyond each point the target lies. `r spec_doc("SlopeClassifier", "margin")`
#' @param epochs Passes over the data. `r spec_doc("SlopeClassifier", "epochs")`
#' @param shuffle Visit the points in a new random order each epoch.
#' @param above The class that lies above the line; `NULL` learns it (the class with the larger
#'   mean of `y / x`).
#' @param slope_range Range of the random initial slope. `r spec_doc("SlopeClassifier", "slope_range")`
#' @param seed Integer seed for the random choices; `NULL` draws one from R's random stream, so
#'   `set.seed()` reproduces the fit with either engine. Stored as `$seed`.
#' @param engine `"python"` (default) or `"r"`.
#' @return An object of class `gentlenn_slope`: a list with `initial_slope`, `slope`, `above`,
#'   `below`, `classes`, `history` (see [slope_history()]), the settings, `seed`, and the training
#'   `data`. It has `print()`, `summary()`, `predict()`, `plot()`, `coef()` (the slope),
#'   `fitted()`, `nobs()` and `as.data.frame()` (the history) methods.
#' @seealso [predict.gentlenn_slope()], [plot.gentlenn_slope()], [slope_history()],
#'   [slope_learning_rate_study()], [iris_two_class()].
#' @examples
#' fit <- slope_classifier(bugs, slope = 0.25, learning_rate = 0.5, engine = "r")
#' fit
#' slope_history(fit)[, c("x", "target", "slope")]
#' @examplesIf gentlenn_available()
#' slope_classifier(bugs, slope = 0.25, learning_rate = 0.5)
#' iris_fit <- slope_classifier(iris_two_class(), epochs = 5, seed = 42)
#' summary(iris_fit)
#' slope_classifier(species ~ sepal_length + sepal_width, data = iris_two_class(), seed = 42)
#' @export
slope_classifier <- with_spec_defaults("SlopeClassifier", function(data, x = NULL, y = NULL, class = NULL, slope,
                                                                  learning_rate, margin, epochs, shuffle,
                                                                  above = NULL, slope_range, seed = NULL,
                                                                  engine = c("python", "r")) {
  engine <- check_choice(engine, c("python", "r"), "engine")
  if (inherits(data, "formula") || inherits(x, "formula")) {
    f <- if (inherits(data, "formula")) data else x
    data <- if (inherits(data, "formula")) x else data
    vars <- slope_formula(f, data)
    x <- vars[["x"]]
    y <- vars[["y"]]
    class <- vars[["class"]]
  }
  if (engine == "python") core()
  pts <- slope_points(data, x, y, class)
  p <- check_params("SlopeClassifier", learning_rate = learning_rate, margin = margin, epochs = epochs,
                    slope = slope, slope_range = slope_range, shuffle = shuffle)
  epochs <- p$epochs
  if (!is.null(above) && (length(above) != 1L || is.na(above) || !as.character(above) %in% pts$label)) {
    bad_argument(sprintf("`above` must be NULL or one of the classes (%s), got %s.",
                         paste(sort(unique(pts$label)), collapse = ", "), describe(above)))
  }
  if (!is.null(above)) above <- as.character(above)
  seed <- resolve_seed(seed, callable = "SlopeClassifier")
  fit <- if (engine == "python") {
    slope_fit_python(pts, slope, learning_rate, margin, epochs, shuffle, above, slope_range, seed)
  } else {
    slope_fit_r(pts, slope, learning_rate, margin, epochs, shuffle, above, slope_range, seed)
  }
  do.call(new_gentlenn_slope, c(fit, list(
    learning_rate = learning_rate, margin = margin, epochs = epochs, shuffle = shuffle,
    seed = seed, engine = engine, vars = pts$vars, levels = pts$levels,
    data = stats::setNames(data.frame(pts$x, pts$y, pts$label), pts$vars)
  )))
})

# The columns of a formula class ~ x + y.
slope_formula <- function(f, data) {
  if (!is.data.frame(data)) {
    bad_argument(sprintf("`data` must be a data frame for the formula %s, got %s.",
                         paste(deparse(f), collapse = ""), describe(data)))
  }
  rhs <- attr(stats::terms(f, data = data), "term.labels")
  if (length(f) != 3L || length(all.vars(f[[2]])) != 1L || length(rhs) != 2L) {
    bad_argument(sprintf("the formula must be class ~ x + y (two columns on the right), got %s.",
                         paste(deparse(f), collapse = "")))
  }
  c(x = rhs[1], y = rhs[2], class = all.vars(f[[2]]))
}

# Pick and check the columns; returns plain vectors (x, y, character labels) and their names.
slope_points <- function(data, x, y, class) {
  if (!is.data.frame(data)) {
    bad_argument(sprintf("`data` must be a data frame, got %s.", describe(data)))
  }
  if (nrow(data) == 0L) bad_argument("`data` is empty: it needs at least one row.")
  numeric_cols <- names(data)[vapply(data, is.numeric, logical(1))]
  other_cols <- setdiff(names(data), numeric_cols)
  if (is.null(x)) x <- numeric_cols[1]
  if (is.null(y)) y <- setdiff(numeric_cols, x)[1]
  if (is.null(class)) class <- other_cols[1]
  for (arg in c("x", "y", "class")) {
    col <- get(arg)
    if (!is.character(col) || length(col) != 1L || is.na(col) || !col %in% names(data)) {
      bad_argument(sprintf("`%s` must name a column of `data`, got %s (columns: %s).", arg,
                           describe(col), paste(names(data), collapse = ", ")))
    }
  }
  for (arg in c("x", "y")) {
    v <- data[[get(arg)]]
    if (!is.numeric(v)) bad_argument(sprintf("`%s` column '%s' must be numeric, got %s.", arg, get(arg), describe(v)))
    bad <- which(!is.finite(v))
    if (length(bad)) {
      bad_argument(sprintf("`%s` column '%s' has missing or infinite values in rows %s.", arg, get(arg),
                           rows_text(bad)))
    }
  }
  label <- data[[class]]
  if (anyNA(label)) bad_argument(sprintf("`class` column '%s' has missing values (NA) in rows %s.",
                                         class, rows_text(which(is.na(label)))))
  zero <- which(data[[x]] == 0)
  if (length(zero)) {
    bad_argument(sprintf("`x` column '%s' is 0 in rows %s; the update dA = L * E / x divides by x.", x,
                         rows_text(zero)))
  }
  n_classes <- length(unique(label))
  if (n_classes != 2L) {
    bad_argument(sprintf("`class` column '%s' must hold exactly two classes, got %d: %s.", class, n_classes,
                         describe(as.character(unique(label)))))
  }
  list(x = as.double(data[[x]]), y = as.double(data[[y]]), label = as.character(label),
       levels = if (is.factor(label)) levels(droplevels(label)) else NULL,
       vars = c(x = x, y = y, class = class))
}

slope_fit_python <- function(pts, slope, learning_rate, margin, epochs, shuffle, above,
                             slope_range, seed) {
  py <- core()
  call_core({
    clf <- py$SlopeClassifier(
      slope = slope, learning_rate = learning_rate, margin = margin, epochs = epochs,
      shuffle = shuffle, above = above, slope_range = as.list(slope_range),
      random_state = seed
    )
    clf$fit(cbind(pts$x, pts$y), labels_to_py(pts$label))
    history <- py_frame(clf$history_)
    history$index <- as.integer(history$index) + 1L  # R counts rows from 1
    for (col in c("epoch", "step")) history[[col]] <- as.integer(history[[col]])
    list(
      initial_slope = as_r(clf$initial_slope_),
      slope = as_r(clf$slope_),
      above = as.character(labels_from_py(clf$above_class_)),
      below = as.character(labels_from_py(clf$below_class_)),
      classes = as.character(labels_from_py(clf$classes_)),
      history = history
    )
  })
}

#' One moderated update of a slope
#'
#' The rule behind [slope_classifier()]: output `A x`, error `E = t - A x`, change
#' `dA = L E / x` and the new slope `A + dA`, computed by the Python core.
#'
#' @param slope Current slope `A`.
#' @param x Input value (not 0).
#' @param target Wanted output `t`.
#' @param learning_rate Moderation `L`.
#' @return A named numeric vector: `output`, `error`, `delta`, `slope`.
#' @examplesIf gentlenn_available()
#' slope_update(0.25, x = 3, target = 1.1)   # the book's ladybird: slope 0.3667
#' @export
slope_update <- with_spec_defaults("slope_update", function(slope, x, target, learning_rate) {
  core()
  check_params("slope_update", slope = slope, x = x, target = target, learning_rate = learning_rate)
  if (x == 0) bad_argument("`x` must not be 0: the update dA = L * E / x divides by x.")
  out <- call_core(as_r(core()$slope_update(slope, x, target, learning_rate)))
  stats::setNames(unlist(out), c("output", "error", "delta", "slope"))
})

#' The table of updates of a slope classifier
#'
#' @param object A `gentlenn_slope` from [slope_classifier()].
#' @return A data frame with one row per update: `epoch`, `step`, `index` (row of the training
#'   data), `x`, `y`, `target`, `output` (`A x` before the update), `error`, `delta` and `slope`
#'   (after the update).
#' @examples
#' slope_history(slope_classifier(bugs, slope = 0.25, learning_rate = 1, engine = "r"))
#' @export
slope_history <- function(object) {
  check_slope(object)
  object$history
}

check_slope <- function(object, arg = "object") {
  if (!inherits(object, "gentlenn_slope")) {
    bad_argument(sprintf("`%s` must be a gentlenn_slope from slope_classifier(), got %s.", arg, describe(object)))
  }
  invisible(object)
}

#' @rdname slope_history
#' @param x A `gentlenn_slope`.
#' @param row.names,optional,... Unused (as for [as.data.frame()]).
#' @export
as.data.frame.gentlenn_slope <- function(x, row.names = NULL, optional = FALSE, ...) { # nolint: object_name_linter.
  x$history
}

#' @rdname summary.gentlenn_slope
#' @param x A `gentlenn_slope` (or its summary).
#' @export
print.gentlenn_slope <- function(x, ...) {
  cat("<gentlenn slope classifier>  y = A x  (engine: ", x$engine, ", seed ", format(x$seed), ")\n", sep = "")
  cat(sprintf("  data: %d points, x = %s, y = %s; '%s' above the line, '%s' below\n",
              nrow(x$data), x$vars[["x"]], x$vars[["y"]], x$above, x$below))
  cat(sprintf("  learning rate %s, margin %s, %d epoch(s)%s\n", format(x$learning_rate),
              format(x$margin), as.integer(x$epochs), if (x$shuffle) ", shuffled" else ""))
  cat(sprintf("  slope: %.4f initially -> %.4f after %d updates\n", x$initial_slope, x$slope,
              nrow(x$history)))
  invisible(x)
}

#' Summarise a slope classifier
#'
#' @param object A `gentlenn_slope`.
#' @param ... Unused.
#' @return `summary()`: a `summary.gentlenn_slope` list: slopes, training accuracy, a per-epoch
#'   table (mean absolute error, slope at the end of the epoch) and the confusion table, with its
#'   own print method. `print()`: `x`, invisibly. `coef()`: the final slope. `fitted()`: the
#'   predicted classes of the training points. `nobs()`: the number of training points.
#' @examples
#' summary(slope_classifier(iris_two_class(), seed = 1, epochs = 3, engine = "r"))
#' @export
summary.gentlenn_slope <- function(object, ...) {
  h <- object$history
  epochs <- data.frame(
    epoch = sort(unique(h$epoch)),
    mean_abs_error = as.numeric(tapply(abs(h$error), h$epoch, mean)),
    slope = as.numeric(tapply(h$slope, h$epoch, function(s) s[length(s)]))
  )
  truth <- object$data[[object$vars[["class"]]]]
  predicted <- stats::predict(object)
  new_gentlenn_slope_summary(
    initial_slope = object$initial_slope, slope = object$slope,
    accuracy = mean(predicted == truth), epochs = epochs,
    confusion = table(truth = truth, predicted = predicted), engine = object$engine
  )
}

#' @rdname summary.gentlenn_slope
#' @export
print.summary.gentlenn_slope <- function(x, ...) {
  cat(sprintf("Slope %.6f -> %.6f; training accuracy %.4f (engine: %s)\n\n", x$initial_slope,
              x$slope, x$accuracy, x$engine))
  print(x$epochs, row.names = FALSE)
  cat("\n")
  print(x$confusion)
  invisible(x)
}

#' @rdname summary.gentlenn_slope
#' @export
coef.gentlenn_slope <- function(object, ...) c(slope = object$slope)

#' @rdname summary.gentlenn_slope
#' @export
fitted.gentlenn_slope <- function(object, ...) stats::predict(object)

#' @rdname summary.gentlenn_slope
#' @export
nobs.gentlenn_slope <- function(object, ...) nrow(object$data)

#' Predict with a slope classifier
#'
#' @param object A `gentlenn_slope`.
#' @param newdata A data frame with the `x` and `y` columns used in training (matched by name),
#'   or a two-column numeric matrix; `NULL` uses the training data. Rows with `NA` give `NA`.
#' @param type `"class"` for labels (a factor with the training levels when the class column was
#'   a factor), `"decision"` for `y - A x` (positive: the above class).
#' @param ... Unused.
#' @return A vector of classes or a numeric vector.
#' @examples
#' fit <- slope_classifier(bugs, slope = 0.25, learning_rate = 1, engine = "r")
#' predict(fit, data.frame(width = c(2, 1, NA), length = c(0.5, 2, 1)))
#' @export
predict.gentlenn_slope <- function(object, newdata = NULL, type = c("class", "decision"), ...) {
  if (object$engine == "python") core()
  type <- check_choice(type, c("class", "decision"), "type")
  if (is.null(newdata)) newdata <- object$data
  if (is.data.frame(newdata)) {
    missing <- setdiff(object$vars[c("x", "y")], names(newdata))
    if (length(missing)) {
      bad_argument(sprintf("`newdata` lacks column(s) %s.", paste(missing, collapse = ", ")))
    }
    m <- cbind(newdata[[object$vars[["x"]]]], newdata[[object$vars[["y"]]]])
  } else {
    m <- newdata
  }
  if (!is.numeric(m) || NCOL(m) != 2L) {
    bad_argument(sprintf(paste("`newdata` must be a data frame with the columns %s and %s or a two-column numeric",
                               "matrix, got %s."),
                         object$vars[["x"]], object$vars[["y"]], describe(newdata)))
  }
  m <- matrix(as.double(m), ncol = 2L)
  ok <- stats::complete.cases(m) & is.finite(m[, 1]) & is.finite(m[, 2])
  decision <- rep(NA_real_, nrow(m))
  if (any(ok)) {
    decision[ok] <- if (object$engine == "python") {
      call_core(as.double(r_array(core()$slope_decision(object$slope, m[ok, , drop = FALSE]))))
    } else {
      slope_decision_r(object$slope, m[ok, , drop = FALSE])
    }
  }
  if (type == "decision") return(decision)
  out <- ifelse(decision > 0, object$above, object$below)
  if (!is.null(object$levels)) out <- factor(out, levels = object$levels)
  out
}

#' How the learning rate changes the slope classifier
#'
#' Trains one slope classifier for every pair of learning rate and seed and tabulates where it
#' started, where it ended and how well it separates the training data.
#'
#' @inheritParams slope_classifier
#' @param learning_rates Learning rates to try.
#' @param seeds Integer seeds (one random initial slope each).
#' @param ... Further arguments of [slope_classifier()] (`epochs`, `shuffle`, `margin`, ...).
#' @return A data frame of class `gentlenn_lr_study` with columns `learning_rate`, `seed`,
#'   `initial_slope`, `final_slope` and `accuracy` (training accuracy); learning rates outer.
#'   It has a [plot()] method.
#' @examples
#' study <- slope_learning_rate_study(iris_two_class(), c(0.01, 0.1, 1), seeds = 1:3,
#'                                    epochs = 3, engine = "r")
#' study
#' @export
slope_learning_rate_study <- function(data, learning_rates, seeds, ..., x = NULL, y = NULL,
                                      class = NULL, engine = c("python", "r")) {
  engine <- check_choice(engine, c("python", "r"), "engine")
  if (engine == "python") core()
  check_params("slope_learning_rate_study", learning_rates = learning_rates, seeds = seeds)
  pts <- slope_points(data, x, y, class)
  if (engine == "python") {
    table <- call_core(py_frame(core()$slope_learning_rate_study(
      cbind(pts$x, pts$y), labels_to_py(pts$label), as.list(as.double(learning_rates)),
      as.list(as.integer(seeds)), ...
    )))
    table$seed <- as.integer(table$seed)
  } else {
    d <- data.frame(x = pts$x, y = pts$y, class = pts$label)
    grid <- expand.grid(seed = as.integer(seeds), learning_rate = as.double(learning_rates))
    rows <- lapply(seq_len(nrow(grid)), function(i) {
      f <- slope_classifier(d, learning_rate = grid$learning_rate[i], seed = grid$seed[i], ...,
                            engine = "r")
      data.frame(learning_rate = grid$learning_rate[i], seed = grid$seed[i],
                 initial_slope = f$initial_slope, final_slope = f$slope,
                 accuracy = mean(stats::predict(f) == d$class))
    })
    table <- do.call(rbind, rows)
  }
  new_gentlenn_lr_study(table)
}
