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
#' @param data A data frame of points.
#' @param x,y,class Column names of the horizontal value, the vertical value and the class
#'   (two distinct values). `NULL` picks the first two numeric columns and the first
#'   non-numeric column.
#' @param slope Initial slope, or `NULL` to draw it at random from `slope_range`.
#' @param learning_rate The moderation `L` (> 0); 1 moves the line onto each target.
#' @param margin How far (>= 0) beyond each point the target lies.
#' @param epochs Passes over the data.
#' @param shuffle Visit the points in a new random order each epoch.
#' @param above The class that lies above the line; `NULL` learns it (the class with the larger
#'   mean of `y / x`).
#' @param slope_range Range of the random initial slope.
#' @param seed Integer seed for the random choices, or `NULL` for R's current stream (engine
#'   `"r"`) or a fresh seed (engine `"python"`).
#' @param engine `"python"` (default) or `"r"`.
#' @return An object of class `gentlenn_slope`: a list with `initial_slope`, `slope`, `above`,
#'   `below`, `classes`, `history` (see [slope_history()]), the settings, and the training
#'   `data`.
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
#' @export
slope_classifier <- function(data, x = NULL, y = NULL, class = NULL, slope = NULL,
                             learning_rate = 0.5, margin = 0.1, epochs = 1, shuffle = FALSE,
                             above = NULL, slope_range = c(0, 2), seed = NULL,
                             engine = c("python", "r")) {
  engine <- match.arg(engine)
  pts <- slope_points(data, x, y, class)
  check_whole(seed, "seed", min = -.Machine$integer.max, null_ok = TRUE)
  check_flag(shuffle, "shuffle")
  if (!is.null(above) && (length(above) != 1L || is.na(above))) {
    abort_gentlenn("`above` must be NULL or a single class label.", class = "gentlenn_bad_argument")
  }
  fit <- if (engine == "python") {
    slope_fit_python(pts, slope, learning_rate, margin, epochs, shuffle, above, slope_range, seed)
  } else {
    slope_fit_r(pts, slope, learning_rate, margin, epochs, shuffle, above, slope_range, seed)
  }
  structure(
    c(fit, list(
      learning_rate = learning_rate, margin = margin, epochs = epochs, shuffle = shuffle,
      seed = seed, engine = engine, vars = pts$vars,
      data = stats::setNames(data.frame(pts$x, pts$y, pts$label), pts$vars)
    )),
    class = "gentlenn_slope"
  )
}

# Pick and check the columns; returns plain vectors (x, y, character labels) and their names.
slope_points <- function(data, x, y, class) {
  if (!is.data.frame(data)) {
    abort_gentlenn(sprintf("`data` must be a data frame, not %s.", class(data)[1]),
                   class = "gentlenn_bad_argument")
  }
  if (nrow(data) == 0L) abort_gentlenn("`data` is empty: it needs at least one row.",
                                       class = "gentlenn_bad_argument")
  numeric_cols <- names(data)[vapply(data, is.numeric, logical(1))]
  other_cols <- setdiff(names(data), numeric_cols)
  if (is.null(x)) x <- numeric_cols[1]
  if (is.null(y)) y <- setdiff(numeric_cols, x)[1]
  if (is.null(class)) class <- other_cols[1]
  for (arg in c("x", "y", "class")) {
    col <- get(arg)
    if (length(col) != 1L || is.na(col) || !col %in% names(data)) {
      abort_gentlenn(sprintf("`%s` must name a column of `data`; got %s (columns: %s).", arg,
                             describe(col), paste(names(data), collapse = ", ")),
                     class = "gentlenn_bad_argument")
    }
  }
  for (arg in c("x", "y")) {
    v <- data[[get(arg)]]
    if (!is.numeric(v)) abort_gentlenn(sprintf("`%s` column '%s' must be numeric.", arg, get(arg)),
                                       class = "gentlenn_bad_argument")
  }
  label <- data[[class]]
  if (anyNA(label)) abort_gentlenn(sprintf("`class` column '%s' has missing values (rows %s).",
                                           class, paste(utils::head(which(is.na(label))), collapse = ", ")),
                                   class = "gentlenn_bad_argument")
  list(x = as.double(data[[x]]), y = as.double(data[[y]]), label = as.character(label),
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
    clf$fit(cbind(pts$x, pts$y), reticulate::np_array(pts$label))
    history <- py_frame(clf$history_)
    history$index <- as.integer(history$index) + 1L  # R counts rows from 1
    for (col in c("epoch", "step")) history[[col]] <- as.integer(history[[col]])
    list(
      initial_slope = reticulate::py_to_r(clf$initial_slope_),
      slope = reticulate::py_to_r(clf$slope_),
      above = as.character(reticulate::py_to_r(clf$above_class_)),
      below = as.character(reticulate::py_to_r(clf$below_class_)),
      classes = as.character(reticulate::py_to_r(clf$classes_$tolist())),
      history = history
    )
  })
}

# A pandas DataFrame of numbers as an R data.frame, column by column through numpy.
py_frame <- function(df) {
  cols <- as.character(reticulate::py_to_r(df$columns$tolist()))
  out <- lapply(cols, function(col) {
    reticulate::py_to_r(reticulate::py_get_item(df, col)$to_numpy())
  })
  as.data.frame(stats::setNames(out, cols))
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
slope_update <- function(slope, x, target, learning_rate = 1) {
  out <- call_core(reticulate::py_to_r(core()$slope_update(slope, x, target, learning_rate)))
  stats::setNames(unlist(out), c("output", "error", "delta", "slope"))
}

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
  if (!inherits(object, "gentlenn_slope")) {
    abort_gentlenn("`object` must be a gentlenn_slope from slope_classifier().",
                   class = "gentlenn_bad_argument")
  }
  object$history
}

#' @export
print.gentlenn_slope <- function(x, ...) {
  cat("<gentlenn slope classifier>  y = A x  (engine: ", x$engine, ")\n", sep = "")
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
#' @return A `summary.gentlenn_slope` list: slopes, training accuracy, a per-epoch table
#'   (mean absolute error, slope at the end of the epoch) and the confusion table.
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
  structure(list(
    initial_slope = object$initial_slope, slope = object$slope,
    accuracy = mean(predicted == truth), epochs = epochs,
    confusion = table(truth = truth, predicted = predicted), engine = object$engine
  ), class = "summary.gentlenn_slope")
}

#' @export
print.summary.gentlenn_slope <- function(x, ...) {
  cat(sprintf("Slope %.6f -> %.6f; training accuracy %.4f (engine: %s)\n\n", x$initial_slope,
              x$slope, x$accuracy, x$engine))
  print(x$epochs, row.names = FALSE)
  cat("\n")
  print(x$confusion)
  invisible(x)
}

#' Predict with a slope classifier
#'
#' @param object A `gentlenn_slope`.
#' @param newdata A data frame with the `x` and `y` columns used in training, or a two-column
#'   numeric matrix; `NULL` uses the training data.
#' @param type `"class"` for labels, `"decision"` for `y - A x` (positive: the above class).
#' @param ... Unused.
#' @return A character vector of classes or a numeric vector.
#' @examples
#' fit <- slope_classifier(bugs, slope = 0.25, learning_rate = 1, engine = "r")
#' predict(fit, data.frame(width = c(2, 1), length = c(0.5, 2)))
#' @export
predict.gentlenn_slope <- function(object, newdata = NULL, type = c("class", "decision"), ...) {
  type <- match.arg(type)
  if (is.null(newdata)) newdata <- object$data
  if (is.data.frame(newdata)) {
    missing <- setdiff(object$vars[c("x", "y")], names(newdata))
    if (length(missing)) {
      abort_gentlenn(sprintf("`newdata` lacks column(s) %s.", paste(missing, collapse = ", ")),
                     class = "gentlenn_bad_argument")
    }
    m <- cbind(newdata[[object$vars[["x"]]]], newdata[[object$vars[["y"]]]])
  } else {
    m <- newdata
  }
  if (!is.numeric(m) || NCOL(m) != 2L) {
    abort_gentlenn("`newdata` must be a data frame with the x and y columns or a two-column numeric matrix.",
                   class = "gentlenn_bad_argument")
  }
  m <- matrix(as.double(m), ncol = 2L)
  decision <- if (object$engine == "python") {
    call_core(as.double(reticulate::py_to_r(core()$slope_decision(object$slope, m))))
  } else {
    slope_decision_r(object$slope, m)
  }
  if (type == "decision") return(decision)
  ifelse(decision > 0, object$above, object$below)
}
