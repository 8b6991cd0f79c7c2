# One condition class for gentlenn's errors, whether raised in R or coming from the Python core.
abort_gentlenn <- function(message, class = NULL, call = NULL, ...) {
  cond <- structure(
    class = c(class, "gentlenn_error", "error", "condition"),
    list(message = message, call = call, ...)
  )
  stop(cond)
}

# Run `expr` (a call into the Python core); a Python exception becomes a gentlenn_python_error
# carrying the Python message without reticulate's traceback decoration.
call_core <- function(expr) {
  tryCatch(expr, error = function(e) {
    if (inherits(e, "gentlenn_error")) stop(e)
    msg <- conditionMessage(e)
    msg <- sub("\n+Detailed traceback:.*$", "", msg)
    msg <- sub("\n+Run `reticulate::py_last_error\\(\\)`.*$", "", msg)
    type <- regmatches(msg, regexpr("^[A-Za-z_.]*(Error|Exception|Warning)(?=: )", msg, perl = TRUE))
    if (length(type) == 1L) {
      msg <- substring(msg, nchar(type) + 3L)
    } else {
      type <- NA_character_
    }
    abort_gentlenn(trimws(msg), class = "gentlenn_python_error", python_type = type)
  })
}

# Checks at R's own boundary (column choice, types); each error names the argument.
check_flag <- function(x, arg) {
  if (!is.logical(x) || length(x) != 1L || is.na(x)) {
    abort_gentlenn(sprintf("`%s` must be TRUE or FALSE.", arg), class = "gentlenn_bad_argument")
  }
  x
}

check_number <- function(x, arg, min = -Inf, allow_min = TRUE, null_ok = FALSE) {
  if (is.null(x) && null_ok) return(x)
  ok <- is.numeric(x) && length(x) == 1L && !is.na(x) && is.finite(x) &&
    (if (allow_min) x >= min else x > min)
  if (!ok) {
    bound <- if (is.finite(min)) sprintf(" %s %s", if (allow_min) ">=" else ">", format(min)) else ""
    abort_gentlenn(sprintf("`%s` must be a single finite number%s, not %s.", arg, bound,
                           describe(x)), class = "gentlenn_bad_argument")
  }
  x
}

check_whole <- function(x, arg, min = 1, null_ok = FALSE) {
  if (is.null(x) && null_ok) return(x)
  ok <- is.numeric(x) && length(x) == 1L && !is.na(x) && is.finite(x) && x == round(x) && x >= min
  if (!ok) {
    abort_gentlenn(sprintf("`%s` must be a whole number >= %s, not %s.", arg, format(min),
                           describe(x)), class = "gentlenn_bad_argument")
  }
  x
}

describe <- function(x) {
  if (is.null(x)) return("NULL")
  if (length(x) != 1L) return(sprintf("a %s vector of length %d", class(x)[1], length(x)))
  paste(deparse(x), collapse = "")
}
