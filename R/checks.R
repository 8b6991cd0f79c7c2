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
    bad_argument(sprintf("`%s` must be TRUE or FALSE, got %s.", arg, describe(x)))
  }
  x
}

check_number <- function(x, arg, min = -Inf, allow_min = TRUE, null_ok = FALSE) {
  if (is.null(x) && null_ok) return(x)
  ok <- is.numeric(x) && length(x) == 1L && !is.na(x) && is.finite(x) &&
    (if (allow_min) x >= min else x > min)
  if (!ok) {
    bound <- if (is.finite(min)) sprintf(" %s %s", if (allow_min) ">=" else ">", format(min)) else ""
    bad_argument(sprintf("`%s` must be a single finite number%s, got %s.", arg, bound, describe(x)))
  }
  as.double(x)
}

check_whole <- function(x, arg, min = 1, null_ok = FALSE) {
  if (is.null(x) && null_ok) return(x)
  ok <- is.numeric(x) && length(x) == 1L && !is.na(x) && is.finite(x) && x == round(x) && x >= min &&
    abs(x) <= .Machine$integer.max
  if (!ok) {
    bad_argument(sprintf("`%s` must be a whole number >= %s, got %s.", arg, format(min), describe(x)))
  }
  as.integer(x)
}

check_string <- function(x, arg, choices = NULL) {
  if (!is.character(x) || length(x) != 1L || is.na(x)) {
    bad_argument(sprintf("`%s` must be a single string, got %s.", arg, describe(x)))
  }
  if (!is.null(choices) && !x %in% choices) {
    bad_argument(sprintf("`%s` must be one of %s, got %s.", arg,
                         paste(encodeString(choices, quote = "\""), collapse = ", "), describe(x)))
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
resolve_seed <- function(seed, arg = "seed") {
  if (is.null(seed)) return(sample.int(.Machine$integer.max, 1L))
  ok <- is.numeric(seed) && length(seed) == 1L && !is.na(seed) && is.finite(seed) && seed == round(seed) &&
    abs(seed) <= .Machine$integer.max
  if (!ok) bad_argument(sprintf("`%s` must be NULL or a whole number, got %s.", arg, describe(seed)))
  as.integer(seed)
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
