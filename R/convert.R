# Every conversion between R values and the Python core, in one place, and the constructors of
# the S3 objects gentlenn returns (the last step of bringing a Python result into R).
#
# Rules the rest of the package relies on:
# - R -> Python: call core() first (reticulate 1.28 segfaults when r_to_py() runs before Python
#   is initialised); class labels keep their type and value (whole doubles beyond R's integers go
#   as int64, non-whole numbers are refused, Dates and other classed vectors go as character with
#   a `gentlenn_label_conversion` warning).
# - Python -> R: never through a Python list of ints (reticulate 1.28 wraps ints beyond 2^31-1,
#   3000000000 becoming -1294967296) and never through a silent cast: integers within R's
#   integers become integer, up to 2^53 double (exact), beyond that character, with a warning.

# Largest whole number every double holds exactly, and so the bound of an exact integer label.
exact_double_max <- 2^53

# R -> Python ----------------------------------------------------------------------------------

# A numeric matrix (or vector) of examples as a numpy float64 array: what reticulate does with it
# unasked (a Fortran-ordered array, no copy of the values' order), written once.
examples_to_py <- function(x) {
  core()
  storage.mode(x) <- "double"
  reticulate::r_to_py(x)
}

# A numeric vector as a 1-D numpy float64 array.
numbers_to_py <- function(x) {
  core()
  reticulate::np_array(as.double(x), dtype = "float64")
}

# A data frame as a pandas DataFrame.
frame_to_py <- function(df) {
  core()
  reticulate::r_to_py(as.data.frame(df))
}

# Class labels given to a fit, as a numpy array of the same type and values. Factors and logicals
# go as their names; numbers must be whole (labels are names, and 6.5 truncated to 6 would merge
# classes silently); Dates, times and other classed vectors go as their printed form, with a
# warning (numpy would otherwise get Python date objects it cannot hold as labels).
labels_to_py <- function(y, arg = "y") {
  core()
  label_values_to_py(training_labels(y, arg))
}

training_labels <- function(y, arg) {
  if (is.factor(y)) return(as.character(y))
  if (inherits(y, "AsIs")) y <- unclass(y)
  if (is.object(y)) {
    shown <- as.character(utils::head(unique(y), 3))
    warn_gentlenn(sprintf(paste0("`%s` holds %s labels; they are used as character strings (%s). ",
                                 "Convert them yourself (as.character() or factor()) to choose how they are named."),
                          arg, class(y)[1], paste(encodeString(shown, quote = "\""), collapse = ", ")),
                  class = "gentlenn_label_conversion")
    return(as.character(y))
  }
  if (is.logical(y)) return(as.character(y))
  if (is.double(y)) {
    bad <- which(!is.finite(y) | y != round(y))
    if (length(bad)) {
      bad_argument(sprintf(paste0("`%s` holds numbers that are not whole (%s in rows %s): class labels must be ",
                                  "whole numbers, strings or a factor; use factor(%s) to treat the values as names."),
                           arg, describe(unique(y[bad])), rows_text(bad), arg))
    }
  }
  y
}

# Labels of a known type (integer, whole or other double, character) as numpy: integers within R's
# integers as int32, larger whole doubles up to 2^53 as int64 (so Python sees and saves integers),
# other doubles as float64, anything else as strings.
label_values_to_py <- function(y) {
  core()
  if (is.double(y) && all(is.finite(y) & y == round(y))) {
    if (all(abs(y) <= .Machine$integer.max)) return(reticulate::np_array(as.integer(y)))
    if (all(abs(y) <= exact_double_max)) return(reticulate::np_array(y, dtype = "int64"))
  }
  if (is.numeric(y) || is.logical(y)) return(reticulate::np_array(y))
  reticulate::np_array(as.character(y))
}

# The `labels = c(5, 0, 9)` of output_table(): Python numbers when the labels are numbers, else strings.
chosen_labels_to_py <- function(labels, y) {
  numeric <- is.numeric(labels) && (is.null(y) || is.numeric(y)) && all(is.finite(labels) & labels == round(labels))
  if (!numeric) return(as.list(as.character(labels)))
  if (all(abs(labels) <= .Machine$integer.max)) as.list(as.integer(labels)) else as.list(as.double(labels))
}

# The training and test digits as the core's DigitData.
digits_data_to_py <- function(x_train, x_test, y_train, y_test) {
  core()$data$DigitData(examples_to_py(x_train), examples_to_py(x_test),
                        labels_to_py(y_train, "data$y_train"), labels_to_py(y_test, "data$y_test"))
}

# A gentlenn_network as the core's NeuralNetwork.
network_to_py <- function(object) {
  check_network(object)
  core()$NeuralNetwork(object$input_nodes, object$hidden_nodes, object$output_nodes,
                       object$learning_rate, weights = list(object$wih, object$who),
                       error_split = object$error_split)
}

# A gentlenn_classifier as the core's fitted NeuralNetworkClassifier.
classifier_to_py <- function(object) {
  core()
  if (!inherits(object, "gentlenn_classifier")) {
    bad_argument(sprintf("`object` must be a gentlenn_classifier from network_classifier(), got %s.",
                         describe(object)))
  }
  range <- object$input_range
  as_range <- function(v) if (length(v) == 1L) v else reticulate::np_array(v)
  core()$estimator$classifier_from_network(network_to_py(object$network),
                                           label_values_to_py(unlist(object$classes)),
                                           list(as_range(range$low), as_range(range$high)))
}

# Python -> R ----------------------------------------------------------------------------------

# A value from Python (a callback's argument, or any object with convert = FALSE) as an R value.
as_r <- function(x) if (inherits(x, "python.builtin.object")) reticulate::py_to_r(x) else x

# numpy arrays as R values: 1-D arrays become plain vectors, 2-D ones matrices.
r_array <- function(x) {
  x <- reticulate::py_to_r(x)
  if (length(dim(x)) == 1L) as.vector(x) else x
}

# Class labels (a numpy array, a list or a scalar) as an R vector of their type and value:
# booleans logical, floats double, strings character; integers integer within R's integers,
# double up to 2^53, character beyond (with a gentlenn_label_conversion warning).
labels_from_py <- function(x) {
  np <- numpy()
  arr <- np$asarray(x)
  kind <- as_r(arr$dtype$kind)
  if (kind == "O") {  # a list of Python objects: let numpy find their common type first
    arr <- np$asarray(arr$tolist())
    kind <- as_r(arr$dtype$kind)
  }
  switch(kind,
    b = as.vector(as.logical(reticulate::py_to_r(arr))),
    i = , u = integers_from_py(arr),
    f = as.vector(as.double(reticulate::py_to_r(arr$astype("float64")))),
    U = , S = strings_from_py(arr),
    {
      out <- strings_from_py(arr)  # Python ints beyond int64, dates, mixed objects
      warn_label_conversion(sprintf("class labels %s have no exact R type: they are returned as character strings.",
                                    describe(utils::head(unique(out), 3))))
      out
    }
  )
}

strings_from_py <- function(arr) as.vector(as.character(reticulate::py_to_r(numpy()$asarray(arr)$astype("str"))))

# Whole numbers from numpy, exactly (compared as Python ints, never through a 32-bit cast).
integers_from_py <- function(arr, as_integer = TRUE) {
  if (as_r(arr$size) == 0L) return(if (as_integer) integer() else double())
  builtins <- reticulate::import_builtins(convert = FALSE)
  operator <- reticulate::import("operator", convert = FALSE)
  limit <- builtins$int(exact_double_max)
  within <- function(v) as_r(operator$le(builtins$abs(v$item()), limit))
  if (!within(arr$min()) || !within(arr$max())) {
    out <- strings_from_py(arr)
    warn_label_conversion(sprintf(paste0("whole numbers beyond 2^53 (%s) have no exact R number: ",
                                         "they are returned as character strings."),
                                  describe(utils::head(unique(out), 3))))
    return(out)
  }
  v <- as.vector(as.double(reticulate::py_to_r(arr$astype("float64"))))
  if (as_integer && all(abs(v) <= .Machine$integer.max)) as.integer(v) else v
}

warn_label_conversion <- function(message) warn_gentlenn(message, class = "gentlenn_label_conversion")

# Class labels from Python onto the fitted `classes`, so that predictions always have the classes'
# type (a subset of 3e9-and-1 labels would otherwise come back as integers).
as_classes <- function(x, classes) {
  values <- labels_from_py(x)
  classes[match(values, classes)]
}

# Labels as names (dimnames, column names): whole doubles in full (3000000000, not 3e+09).
label_names <- function(labels) {
  out <- as.character(labels)
  if (is.double(labels)) {
    whole <- is.finite(labels) & labels == round(labels)
    out[whole] <- sprintf("%.0f", labels[whole])
  }
  out
}

# A pandas DataFrame as an R data.frame, column by column through numpy. Columns named in `labels`
# hold class labels (see labels_from_py()); other integer columns come as doubles, as reticulate
# gives them, but exactly (or as character beyond 2^53).
py_frame <- function(df, labels = character()) {
  cols <- strings_from_py(df$columns$to_numpy())
  out <- lapply(cols, function(col) {
    values <- reticulate::py_get_item(df, col)$to_numpy()
    if (col %in% labels) return(labels_from_py(values))
    if (as_r(values$dtype$kind) %in% c("i", "u")) return(integers_from_py(values, as_integer = FALSE))
    reticulate::py_to_r(values)
  })
  as.data.frame(stats::setNames(out, cols), check.names = FALSE)
}

is_none <- function(x) identical(as_r(reticulate::import_builtins(convert = FALSE)$repr(x)), "None")

# A JSON-like Python value (a network file's settings) as R values, with integers kept exact
# (reticulate would wrap those beyond 2^31-1): through the JSON text, which jsonlite reads exactly
# up to 2^53 and as character beyond.
json_from_py <- function(x) {
  text <- as_r(reticulate::import("json", convert = FALSE)$dumps(x))
  jsonlite::fromJSON(text, simplifyVector = TRUE, bigint_as_char = TRUE)
}

# A seed read from a network file: an integer, or NA (with a warning) when R's integers cannot
# hold it (the core draws and accepts seeds up to 2^31-1, so only a hand-made file has larger ones).
seed_from_py <- function(x) {
  if (is.null(x) || length(x) != 1L || is.na(x)) return(NA_integer_)
  if (is.numeric(x) && x == round(x) && abs(x) <= .Machine$integer.max) return(as.integer(x))
  warn_gentlenn(sprintf("the network file's seed %s is not a whole number within R's integers: `$seed` is NA.",
                        if (is.numeric(x)) label_names(x) else describe(x)),
                class = "gentlenn_seed_conversion")
  NA_integer_
}

# The core's NeuralNetwork as a gentlenn_network (weights copied; no Python reference kept).
network_from_py <- function(net) {
  new_gentlenn_network(
    input_nodes = as_r(net$input_nodes), hidden_nodes = as_r(net$hidden_nodes),
    output_nodes = as_r(net$output_nodes), learning_rate = as_r(net$learning_rate),
    error_split = as_r(net$error_split), wih = as_r(net$wih), who = as_r(net$who),
    init = as_r(net$init) %||% NA_character_
  )
}

# A fitted NeuralNetworkClassifier as a gentlenn_classifier (weights copied).
classifier_from_py <- function(clf, label_levels, seed) {
  history <- py_frame(clf$history_)
  if (nrow(history)) history$epoch <- as.integer(history$epoch)
  range <- clf$input_range_
  new_gentlenn_classifier(
    network = network_from_py(clf$network_),
    classes = labels_from_py(clf$classes_),
    label_levels = label_levels,
    input_range = list(low = as.vector(as_r(numpy()$asarray(range[0]))),
                       high = as.vector(as_r(numpy()$asarray(range[1])))),
    history = history,
    learning_rate = as_r(clf$learning_rate),
    epochs = as_r(clf$epochs),
    shuffle = as_r(clf$shuffle),
    seed = seed
  )
}

# The (network, entries) pair of the core's read_network_file() as a gentlenn_network, or a
# gentlenn_classifier when the file holds class labels; the file is read once.
network_file_from_py <- function(read) {
  net <- network_from_py(read[0])
  meta <- read[1]
  training <- json_from_py(reticulate::py_get_item(meta, "training"))
  if (!is.null(training$seed)) net$seed <- seed_from_py(training$seed)
  classes <- reticulate::py_get_item(meta, "classes")
  if (is_none(classes)) return(net)
  range <- reticulate::py_get_item(meta, "input_range")
  estimator <- core()$estimator
  clf <- if (is_none(range)) estimator$classifier_from_network(read[0], classes) else
    estimator$classifier_from_network(read[0], classes, range)
  classifier_from_py(clf, label_levels = NULL, seed = seed_from_py(training$random_state))
}

# Digits from the core: x (a matrix) and y (labels) from an (X, y) pair.
xy_from_py <- function(expr) {
  call_core({
    res <- expr
    list(x = as_r(res[0]), y = labels_from_py(res[1]))
  })
}

# split_digits()'s four arrays.
split_from_py <- function(parts) {
  stats::setNames(list(as_r(parts[0]), as_r(parts[1]), labels_from_py(parts[2]), labels_from_py(parts[3])),
                  c("x_train", "x_test", "y_train", "y_test"))
}

# The core's DigitData as a gentlenn_digits.
digits_from_py <- function(d) {
  new_gentlenn_digits(x_train = r_array(d$X_train), x_test = r_array(d$X_test),
                      y_train = labels_from_py(d$y_train), y_test = labels_from_py(d$y_test))
}

# Constructors -------------------------------------------------------------------------------
# One per S3 class: each checks its fields' types (a failure is a bug in gentlenn, so a plain
# error) and sets the class. Every place that builds one of these objects calls its constructor.

field_check <- function(ok, constructor, field, expected) {
  if (!isTRUE(ok)) {
    stop(sprintf("internal error in %s(): `%s` must be %s.", constructor, field, expected), call. = FALSE)
  }
}

is_whole_scalar <- function(x) is.numeric(x) && length(x) == 1L && !is.na(x) && x == round(x)
is_seed <- function(x) is.null(x) || (is.numeric(x) && length(x) == 1L && (is.na(x) || x == round(x)))
is_labels <- function(x) is.atomic(x) && !is.null(x)

new_gentlenn_network <- function(input_nodes, hidden_nodes, output_nodes, learning_rate, error_split, wih, who,
                                 seed = NA_integer_, init = NA_character_, generator = NA_character_) {
  f <- "new_gentlenn_network"
  for (n in c("input_nodes", "hidden_nodes", "output_nodes")) {
    field_check(is_whole_scalar(get(n)), f, n, "a whole number")
  }
  field_check(is.numeric(learning_rate) && length(learning_rate) == 1L, f, "learning_rate", "a number")
  field_check(is.character(error_split) && length(error_split) == 1L, f, "error_split", "a string")
  field_check(is.matrix(wih) && is.numeric(wih) && identical(dim(wih), as.integer(c(hidden_nodes, input_nodes))),
              f, "wih", "a hidden x input numeric matrix")
  field_check(is.matrix(who) && is.numeric(who) && identical(dim(who), as.integer(c(output_nodes, hidden_nodes))),
              f, "who", "an output x hidden numeric matrix")
  field_check(is_seed(seed), f, "seed", "a whole number or NA")
  for (n in c("init", "generator")) field_check(is.character(get(n)) && length(get(n)) == 1L, f, n, "a string or NA")
  structure(list(input_nodes = input_nodes, hidden_nodes = hidden_nodes, output_nodes = output_nodes,
                 learning_rate = learning_rate, error_split = error_split, wih = wih, who = who, seed = seed,
                 init = init, generator = generator),  # how the weights began (NA: given, or not known)
            class = "gentlenn_network")
}

new_gentlenn_classifier <- function(network, classes, label_levels, input_range, history, learning_rate, epochs,
                                    shuffle, seed) {
  f <- "new_gentlenn_classifier"
  field_check(inherits(network, "gentlenn_network"), f, "network", "a gentlenn_network")
  field_check(is_labels(classes) && length(classes) == network$output_nodes, f, "classes", "one label per output node")
  field_check(is.null(label_levels) || is.character(label_levels), f, "label_levels", "NULL or character")
  field_check(is.list(input_range) && all(c("low", "high") %in% names(input_range)), f, "input_range",
              "list(low, high)")
  field_check(is.data.frame(history), f, "history", "a data frame")
  field_check(is.numeric(learning_rate) && length(learning_rate) == 1L, f, "learning_rate", "a number")
  field_check(is_whole_scalar(epochs), f, "epochs", "a whole number")
  field_check(is.logical(shuffle) && length(shuffle) == 1L, f, "shuffle", "TRUE or FALSE")
  field_check(is_seed(seed), f, "seed", "a whole number, NA or NULL")
  structure(list(network = network, classes = classes, label_levels = label_levels, input_range = input_range,
                 history = history, learning_rate = learning_rate, epochs = epochs, shuffle = shuffle, seed = seed),
            class = "gentlenn_classifier")
}

# nolint start: object_length_linter.
new_gentlenn_classifier_summary <- function(sizes, learning_rate, epochs, seed, classes, n_obs, history,
                                            accuracy, confusion) {
  f <- "new_gentlenn_classifier_summary"
  field_check(is.numeric(sizes) && length(sizes) == 3L, f, "sizes", "three layer sizes")
  field_check(is.data.frame(history), f, "history", "a data frame")
  field_check(is.null(accuracy) || (is.numeric(accuracy) && length(accuracy) == 1L), f, "accuracy",
              "NULL or a number")
  field_check(is.null(confusion) || (inherits(confusion, "table") && length(dim(confusion)) == 2L), f, "confusion",
              "NULL or a two-way table")
  structure(list(sizes = sizes, learning_rate = learning_rate, epochs = epochs, seed = seed, classes = classes,
                 n_obs = n_obs, history = history, accuracy = accuracy, confusion = confusion),
            class = "summary.gentlenn_classifier")
}
# nolint end

# How a classifier's formula or data frame became the network's inputs, so predict() rebuilds
# new data the same way: the predictor terms (transformations, interactions), the data columns
# they read, each model-frame variable's kind and levels (one-hot), and the input columns.
new_gentlenn_blueprint <- function(terms, variables, predictors, columns, response = NULL) {
  f <- "new_gentlenn_blueprint"
  field_check(inherits(terms, "terms") && attr(terms, "response") == 0L, f, "terms", "predictor terms")
  field_check(is.character(variables), f, "variables", "character")
  field_check(is.list(predictors) && all(vapply(predictors, function(p) {
    p$kind %in% c("numeric", "factor", "character", "logical") && (p$kind == "numeric" || is.character(p$levels))
  }, TRUE)), f, "predictors", "a list of kinds with levels")
  field_check(is.character(columns) && length(columns) >= 1L, f, "columns", "the input column names")
  field_check(is.null(response) || (is.character(response) && length(response) == 1L), f, "response",
              "NULL or a string")
  structure(list(terms = terms, variables = variables, predictors = predictors, columns = columns,
                 response = response), class = "gentlenn_blueprint")
}

new_gentlenn_slope <- function(initial_slope, slope, above, below, classes, history, learning_rate, margin, epochs,
                               shuffle, seed, engine, vars, levels, data) {
  f <- "new_gentlenn_slope"
  for (n in c("initial_slope", "slope", "learning_rate", "margin")) {
    v <- get(n)
    field_check(is.numeric(v) && length(v) == 1L, f, n, "a number")
  }
  field_check(is.character(above) && is.character(below) && is.character(classes), f, "above/below/classes",
              "character")
  field_check(is.data.frame(history) && is.data.frame(data), f, "history/data", "data frames")
  field_check(is_whole_scalar(epochs), f, "epochs", "a whole number")
  field_check(is.logical(shuffle) && length(shuffle) == 1L, f, "shuffle", "TRUE or FALSE")
  field_check(engine %in% c("python", "r"), f, "engine", "\"python\" or \"r\"")
  field_check(is.character(vars) && all(c("x", "y", "class") %in% names(vars)), f, "vars", "c(x = , y = , class = )")
  structure(list(initial_slope = initial_slope, slope = slope, above = above, below = below, classes = classes,
                 history = history, learning_rate = learning_rate, margin = margin, epochs = epochs,
                 shuffle = shuffle, seed = seed, engine = engine, vars = vars, levels = levels, data = data),
            class = "gentlenn_slope")
}

new_gentlenn_slope_summary <- function(initial_slope, slope, accuracy, epochs, confusion, engine) {
  f <- "new_gentlenn_slope_summary"
  field_check(is.numeric(accuracy) && length(accuracy) == 1L, f, "accuracy", "a number")
  field_check(is.data.frame(epochs), f, "epochs", "a data frame")
  field_check(inherits(confusion, "table"), f, "confusion", "a table")
  structure(list(initial_slope = initial_slope, slope = slope, accuracy = accuracy, epochs = epochs,
                 confusion = confusion, engine = engine), class = "summary.gentlenn_slope")
}

new_gentlenn_lr_study <- function(table) {
  field_check(is.data.frame(table), "new_gentlenn_lr_study", "table", "a data frame")
  structure(table, class = c("gentlenn_lr_study", "data.frame"))
}

new_gentlenn_history <- function(history) {
  field_check(is.data.frame(history) && "epoch" %in% names(history), "new_gentlenn_history", "history",
              "a data frame with an epoch column")
  structure(history, class = c("gentlenn_history", "data.frame"))
}

new_gentlenn_run <- function(classifier, history, confusion, misclassified, accuracy, x_test, y_test, seed) {
  f <- "new_gentlenn_run"
  field_check(inherits(classifier, "gentlenn_classifier"), f, "classifier", "a gentlenn_classifier")
  field_check(inherits(history, "gentlenn_history"), f, "history", "a gentlenn_history")
  field_check(inherits(confusion, "table") && length(dim(confusion)) == 2L, f, "confusion", "a two-way table")
  field_check(is.data.frame(misclassified), f, "misclassified", "a data frame")
  field_check(is.numeric(accuracy) && length(accuracy) == 1L, f, "accuracy", "a number")
  field_check(is.matrix(x_test) && is_labels(y_test) && nrow(x_test) == length(y_test), f, "x_test/y_test",
              "a matrix and one label per row")
  field_check(is_seed(seed), f, "seed", "a whole number")
  structure(list(classifier = classifier, history = history, confusion = confusion, misclassified = misclassified,
                 accuracy = accuracy, x_test = x_test, y_test = y_test, seed = seed), class = "gentlenn_run")
}

new_gentlenn_experiment <- function(table) {
  field_check(is.data.frame(table) && all(c("restart", "seed", "accuracy") %in% names(table)),
              "new_gentlenn_experiment", "table", "a data frame with restart, seed and accuracy")
  structure(table, class = c("gentlenn_experiment", "data.frame"))
}

new_gentlenn_digits <- function(x_train, x_test, y_train, y_test) {
  f <- "new_gentlenn_digits"
  field_check(is.matrix(x_train) && is.matrix(x_test) && ncol(x_train) == ncol(x_test), f, "x_train/x_test",
              "matrices of the same width")
  field_check(is_labels(y_train) && length(y_train) == nrow(x_train), f, "y_train", "one label per training row")
  field_check(is_labels(y_test) && length(y_test) == nrow(x_test), f, "y_test", "one label per test row")
  structure(list(x_train = x_train, x_test = x_test, y_train = y_train, y_test = y_test), class = "gentlenn_digits")
}

new_gentlenn_preparation <- function(table, seed) {
  f <- "new_gentlenn_preparation"
  field_check(is.data.frame(table) && all(c("inputs", "targets", "weights") %in% names(table)), f, "table",
              "a data frame with inputs, targets and weights")
  field_check(is_seed(seed), f, "seed", "a whole number")
  structure(table, class = c("gentlenn_preparation", "data.frame"), seed = seed)
}

new_gentlenn_error_surface <- function(w1, w2, error, paths, minima, ends, data, seed, settings) {
  f <- "new_gentlenn_error_surface"
  field_check(is.numeric(w1) && is.numeric(w2) && is.matrix(error) &&
                identical(dim(error), c(length(w1), length(w2))), f, "w1/w2/error", "two axes and their grid")
  field_check(is.data.frame(paths) && is.data.frame(minima) && is.data.frame(ends), f, "paths/minima/ends",
              "data frames")
  field_check(is.list(data) && all(c("x", "t") %in% names(data)), f, "data", "list(x, t)")
  field_check(is_seed(seed), f, "seed", "a whole number")
  structure(list(w1 = w1, w2 = w2, error = error, paths = paths, minima = minima, ends = ends, data = data,
                 seed = seed, settings = settings), class = "gentlenn_error_surface")
}

new_gentlenn_output_table <- function(table) {
  field_check(is.data.frame(table) && all(c("row", "answer") %in% names(table)), "new_gentlenn_output_table",
              "table", "a data frame with row and answer")
  structure(table, class = c("gentlenn_output_table", "data.frame"))
}

new_gentlenn_playground <- function(url, port, pid, log) {
  f <- "new_gentlenn_playground"
  field_check(is.character(url) && length(url) == 1L, f, "url", "a string")
  field_check(is.integer(port) && is.integer(pid), f, "port/pid", "integers")
  structure(list(url = url, port = port, pid = pid, log = log), class = "gentlenn_playground")
}
