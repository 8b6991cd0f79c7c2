# Argument checks at R's boundary, in R's words: each error is a gentlenn_bad_argument naming the
# argument and showing the value as R prints it; rows are counted from 1.

# A value as R prints it: 0 not 0L, NA, "text" in quotes, short vectors whole.
describe <- function(x) {
  if (is.null(x)) return("NULL")
  if (is.function(x)) return("a function")
  if (is.data.frame(x)) return(sprintf("a data frame with %d rows and %d columns", nrow(x), ncol(x)))
  if (is.matrix(x)) return(sprintf("a %d x %d %s matrix", nrow(x), ncol(x), typeof(x)))
  if (is.list(x)) return(sprintf("a list of length %d", length(x)))
  if (!is.atomic(x)) return(sprintf("an object of class %s", class(x)[1]))
  if (length(x) == 0L) return(sprintf("an empty %s vector", typeof(x)))
  shown <- if (is.character(x)) encodeString(utils::head(x, 5), quote = "\"") else
    vapply(utils::head(x, 5), function(v) format(v), "")  # each as R prints it alone: 1, not 1.0
  if (is.factor(x)) shown <- encodeString(as.character(utils::head(x, 5)), quote = "\"")
  if (length(x) == 1L) return(shown)
  paste0("c(", paste(shown, collapse = ", "), if (length(x) > 5) ", ..." else "", ")")
}

rows_text <- function(rows, most = 5) {
  shown <- paste(utils::head(rows, most), collapse = ", ")
  if (length(rows) > most) shown <- sprintf("%s, ... (%d in all)", shown, length(rows))
  shown
}

check_flag <- function(x, arg) {
  if (!is.logical(x) || length(x) != 1L || is.na(x)) {
    bad_argument(sprintf("`%s` must be TRUE or FALSE, got %s.", arg, describe(x)), argument = arg, value = x)
  }
  x
}

check_number <- function(x, arg, min = -Inf, allow_min = TRUE, null_ok = FALSE) {
  if (is.null(x) && null_ok) return(x)
  ok <- is.numeric(x) && length(x) == 1L && !is.na(x) && is.finite(x) &&
    (if (allow_min) x >= min else x > min)
  if (!ok) {
    bound <- if (is.finite(min)) sprintf(" %s %s", if (allow_min) ">=" else ">", format(min)) else ""
    bad_argument(sprintf("`%s` must be a single finite number%s, got %s.", arg, bound, describe(x)), argument = arg,
                 value = x)
  }
  as.double(x)
}

check_whole <- function(x, arg, min = 1, null_ok = FALSE) {
  if (is.null(x) && null_ok) return(x)
  ok <- is.numeric(x) && length(x) == 1L && !is.na(x) && is.finite(x) && x == round(x) && x >= min &&
    abs(x) <= .Machine$integer.max
  if (!ok) {
    bad_argument(sprintf("`%s` must be a whole number >= %s, got %s.", arg, format(min), describe(x)), argument = arg,
                 value = x)
  }
  as.integer(x)
}

check_string <- function(x, arg, choices = NULL) {
  if (!is.character(x) || length(x) != 1L || is.na(x)) {
    bad_argument(sprintf("`%s` must be a single string, got %s.", arg, describe(x)), argument = arg, value = x)
  }
  if (!is.null(choices) && !x %in% choices) {
    bad_argument(sprintf("`%s` must be one of %s, got %s.", arg,
                         paste(encodeString(choices, quote = "\""), collapse = ", "), describe(x)), argument = arg,
                 value = x)
  }
  x
}

# match.arg() in gentlenn's words: the first choice when `x` is the whole default vector.
check_choice <- function(x, choices, arg) {
  if (identical(x, choices)) return(choices[1])
  check_string(x, arg, choices)
}

# The seed to use: the given one (checked), or one drawn from R's random stream, so set.seed()
# reproduces every run and the result can record it.
resolve_seed <- function(seed, arg = "seed", callable = "NeuralNetworkClassifier") {
  if (is.null(seed)) return(sample.int(.Machine$integer.max, 1L))
  check_param(seed, callable, "random_state", arg = arg)
}

# A numeric matrix of examples (one per row) from a matrix, data frame or vector; `na_ok` keeps
# rows with NA (predict() gives NA for them), else they are an error naming the rows.
check_examples <- function(x, arg, na_ok = FALSE) {
  if (is.data.frame(x)) {
    bad_cols <- names(x)[!vapply(x, is.numeric, logical(1))]
    if (length(bad_cols)) {
      bad_argument(sprintf("`%s` must hold numeric columns only; %s %s not numeric.", arg,
                           paste(sprintf("'%s'", bad_cols), collapse = ", "),
                           if (length(bad_cols) == 1L) "is" else "are"))
    }
    x <- as.matrix(x)
  }
  if (!is.numeric(x) || length(x) == 0L) {
    bad_argument(sprintf("`%s` must be a numeric matrix or data frame, got %s.", arg, describe(x)))
  }
  if (!is.matrix(x)) x <- matrix(x, nrow = 1L, dimnames = list(NULL, names(x)))
  storage.mode(x) <- "double"
  if (nrow(x) == 0L || ncol(x) == 0L) bad_argument(sprintf("`%s` has no rows or no columns.", arg))
  if (!na_ok && anyNA(x)) {
    bad_argument(sprintf("`%s` has missing values (NA) in rows %s; remove or impute them first.", arg,
                         rows_text(which(rowSums(is.na(x)) > 0))))
  }
  inf <- which(rowSums(is.infinite(x)) > 0)
  if (length(inf)) bad_argument(sprintf("`%s` has infinite values in rows %s.", arg, rows_text(inf)))
  x
}

check_labels <- function(y, n, arg) {
  if (!is.atomic(y) || is.null(y)) {
    bad_argument(sprintf("`%s` must be a vector of class labels, got %s.", arg, describe(y)))
  }
  if (length(y) != n) bad_argument(sprintf("`%s` has %d labels for %d rows.", arg, length(y), n))
  if (anyNA(y)) bad_argument(sprintf("`%s` has missing labels (NA) in rows %s.", arg, rows_text(which(is.na(y)))))
  if (length(unique(y)) < 2L) {
    bad_argument(sprintf("`%s` must hold at least two classes, got only %s.", arg, describe(unique(y))))
  }
  y
}

# input_range: "columns", "data" or c(low, high).
check_input_range <- function(x, arg = "input_range") {
  if (is.character(x)) return(check_string(x, arg, c("columns", "data")))
  ok <- is.numeric(x) && length(x) == 2L && !anyNA(x) && all(is.finite(x)) && x[1] < x[2]
  if (!ok) {
    bad_argument(sprintf("`%s` must be \"columns\", \"data\" or c(low, high) with low < high, got %s.",
                         arg, describe(x)))
  }
  as.double(x)
}

# ---- checks built from the core's parameter specifications (R/checks-spec.R) ----------------
# One entry per parameter of a Python callable: its constraints (type, bounds, choices) and its
# default. R checks each value in R's words before anything crosses to Python; R's defaults are set
# from the same entries by with_spec_defaults(), so neither is written twice.

spec_entry <- function(callable, param) {
  entry <- spec_table[[callable]][[param]]
  if (is.null(entry)) stop(sprintf("gentlenn: no specification for %s(%s)", callable, param), call. = FALSE)
  entry
}

# A default from the specification as an R value (a list of numbers or strings becomes a vector).
spec_value <- function(v) if (is.list(v)) unlist(v) else v

spec_default <- function(callable, param) spec_value(spec_entry(callable, param)$default)

# Set the defaults of `fun`'s arguments that the callable declares and that R leaves without one:
# each gets the core's default; a choice gets the vector of its choices, the default first, as
# match.arg() wants.
with_spec_defaults <- function(callable, fun) {
  args <- formals(fun)
  for (name in intersect(names(args), names(spec_table[[callable]]))) {
    # an argument without a default holds the empty symbol; one with R's own default (interactive()) keeps it
    if (!(is.name(args[[name]]) && !nzchar(as.character(args[[name]])))) next
    entry <- spec_table[[callable]][[name]]
    con <- entry$constraints
    single_choice <- length(con) == 1L && identical(con[[1]]$type, "string")
    if (!"default" %in% names(entry) && !single_choice) next
    value <- if ("default" %in% names(entry)) spec_value(entry$default) else unlist(con[[1]]$choices)[1]
    if (length(con) == 1L && identical(con[[1]]$type, "string") && length(value) == 1L) {
      value <- c(value, setdiff(con[[1]]$choices, value))
    }
    if (is.null(value)) {
      args[name] <- list(NULL)
    } else {
      args[[name]] <- value
    }
  }
  formals(fun) <- args
  fun
}

# R's words for what one constraint accepts.
constraint_words <- function(con) {
  bounded <- function(noun) {
    lo <- con$low
    hi <- con$high
    closed <- con$closed %||% "both"
    lo_op <- if (closed %in% c("both", "left")) ">=" else ">"
    hi_op <- if (closed %in% c("both", "right")) "<=" else "<"
    num <- function(v) format(v, scientific = FALSE, big.mark = "")
    if (!is.null(lo) && !is.null(hi) && closed == "both") return(sprintf("%s from %s to %s", noun, num(lo), num(hi)))
    parts <- c(if (!is.null(lo)) paste(lo_op, num(lo)), if (!is.null(hi)) paste(hi_op, num(hi)))
    if (!length(parts)) return(if (noun == "a single number") "a single finite number" else noun)
    paste(noun, paste(parts, collapse = " and "))
  }
  switch(con$type,
    real = bounded("a single number"),
    integer = if (!is.null(con$exactly)) sprintf("%s (%s)", format(con$exactly), con$meaning) else
      bounded("a whole number"),
    string = sprintf("one of %s", paste(encodeString(unlist(con$choices), quote = "\""), collapse = ", ")),
    boolean = "TRUE or FALSE",
    null = "NULL",
    range = "c(low, high), two finite numbers with low < high",
    list = {
      items <- paste(vapply(con$items, constraint_words, ""), collapse = " or ")
      items <- sub("^a single ", "", sub("^a whole", "whole", items))
      if (!is.null(con$length)) {
        sprintf("%d%s values, each %s", con$length, if (isTRUE(con$distinct)) " different" else "", items)
      } else {
        sprintf("a vector of values, each %s", items)
      }
    },
    "a value the Python core accepts"
  )
}

spec_words <- function(constraints) {
  words <- vapply(constraints, constraint_words, "")
  if (length(words) == 1L) words else paste(paste(words[-length(words)], collapse = ", "), "or", words[length(words)])
}

# Does `x` satisfy one constraint? Machine-dependent upper bounds are the core's to check.
satisfies <- function(x, con) {
  in_bounds <- function(v) {
    closed <- con$closed %||% "both"
    lo_ok <- is.null(con$low) || (if (closed %in% c("both", "left")) v >= con$low else v > con$low)
    hi_ok <- is.null(con$high) || (if (closed %in% c("both", "right")) v <= con$high else v < con$high)
    all(lo_ok & hi_ok)
  }
  number <- is.numeric(x) && !is.factor(x) && length(x) == 1L && !is.na(x) && is.finite(x)
  switch(con$type,
    real = number && in_bounds(x),
    integer = number && x == round(x) &&
      (if (!is.null(con$exactly)) x == con$exactly else in_bounds(x)),
    string = is.character(x) && length(x) == 1L && !is.na(x) && x %in% unlist(con$choices),
    boolean = is.logical(x) && length(x) == 1L && !is.na(x),
    null = is.null(x),
    range = is.numeric(x) && length(x) == 2L && !anyNA(x) && all(is.finite(x)) && x[1] < x[2],
    list = (is.atomic(x) || is.list(x)) && !is.null(x) && length(x) >= 1L &&
      (is.null(con$length) || length(x) == con$length) &&
      all(vapply(as.list(x), function(v) any(vapply(con$items, function(i) satisfies(v, i), TRUE)), TRUE)) &&
      (!isTRUE(con$distinct) || !anyDuplicated(x)),
    object = FALSE,  # a Python object (a numpy generator): R never has one
    TRUE
  )
}

# The value as the core wants it: whole numbers as integers (within R's range), numbers as doubles.
spec_clean <- function(x, con) {
  switch(con$type,
    integer = if (abs(x) <= .Machine$integer.max) as.integer(x) else x,
    real = as.double(x),
    list = if (is.numeric(x)) as.double(x) else x,
    x
  )
}

# Check `x` against the specification of `param` of the Python `callable`: the cleaned value, or a
# gentlenn_bad_argument naming `arg` (R's name) with R's words and R's value. A choice vector that
# is the whole default (match.arg's idiom) means its first element.
check_param <- function(x, callable, param, arg = param) {
  entry <- spec_entry(callable, param)
  cons <- entry$constraints
  if (length(cons) == 1L && identical(cons[[1]]$type, "string") && is.character(x) && length(x) > 1L &&
      identical(sort(x), sort(unlist(cons[[1]]$choices)))) {
    x <- x[1]
  }
  for (con in cons) if (satisfies(x, con)) return(spec_clean(x, con))
  abort_gentlenn(sprintf("`%s` must be %s, got %s.", arg, spec_words(cons), describe(x)),
                 class = "gentlenn_bad_argument", argument = arg, value = x)
}

# Several parameters at once: check_params("SlopeClassifier", learning_rate = lr, epochs = 3).
check_params <- function(callable, ...) {
  values <- list(...)
  out <- values
  for (name in names(values)) {
    checked <- check_param(values[[name]], callable, name)
    if (is.null(checked)) out[name] <- list(NULL) else out[[name]] <- checked
  }
  out
}

# Each of `values` by the rule of `param` (a sweep's values by the varied setting's own rule).
check_each <- function(values, callable, param, arg = "values") {
  cons <- spec_entry(callable, param)$constraints
  ok <- vapply(as.list(values), function(v) any(vapply(cons, function(con) satisfies(v, con), TRUE)), TRUE)
  if (!is.numeric(values) || !length(values) || !all(ok)) {
    bad <- if (is.numeric(values) && length(values)) describe(values[!ok][1]) else describe(values)
    abort_gentlenn(sprintf("`%s` must be a vector of values for `%s`, each %s; %s is not.", arg, param,
                           sub("^a single ", "a ", spec_words(cons)), bad),
                   class = "gentlenn_bad_argument", argument = arg, value = values)
  }
  first_match <- function(v) cons[[which(vapply(cons, function(con) satisfies(v, con), TRUE))[1]]]
  vapply(as.list(values), function(v) spec_clean(v, first_match(v)),
         if (all(vapply(cons, function(con) con$type == "integer", TRUE))) 1L else 1)
}

# A help page's words for one parameter, from the specification (roxygen: `r spec_doc(...)`).
spec_doc <- function(callable, param) {
  entry <- spec_entry(callable, param)
  words <- spec_words(entry$constraints)
  default <- if ("default" %in% names(entry)) spec_value(entry$default)
  shown <- if (is.null(default)) "`NULL`" else if (is.character(default)) {
    paste0("`", encodeString(default, quote = "\""), "`", collapse = ", ")
  } else {
    sprintf("`%s`", paste(deparse(default), collapse = ""))
  }
  sprintf("%s%s (default %s).", toupper(substring(words, 1, 1)), substring(words, 2), shown)
}
