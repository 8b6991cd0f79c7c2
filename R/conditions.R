#' Conditions signalled by gentlenn
#'
#' Every error gentlenn raises on purpose has class `gentlenn_error` and one of the classes
#' below, so callers can catch a kind of failure with `tryCatch()`. Errors raised by the Python
#' core arrive with the same classes (and `gentlenn_python_error`, with the Python type in
#' `$python_type`).
#'
#' | class | kind | when |
#' |---|---|---|
#' | `gentlenn_bad_argument` | error | an argument has a value gentlenn cannot use; the message names it and shows the value as R prints it (rows counted from 1) |
#' | `gentlenn_core_missing` | error | the Python core is not installed in the Python reticulate uses |
#' | `gentlenn_version_mismatch` | error | the Python core's version differs from the R package's |
#' | `gentlenn_divergence` | error | training made the weights or the slope infinite: use a smaller learning rate |
#' | `gentlenn_file_error` | error | a file is missing, unreadable, or not in the format it should have |
#' | `gentlenn_download_error` | error | no mirror gave a verified file |
#' | `gentlenn_missing_dependency` | error | an optional Python package the feature needs is not installed |
#' | `gentlenn_missing_package` | error | an optional R package (magick, ...) is needed |
#' | `gentlenn_input_range` | warning | the data lie outside the declared `input_range` or fill under a tenth of it |
#' | `gentlenn_divergence_warning` | warning | the slope grew without bound |
#' | `gentlenn_restart_required` | message | `install_gentlenn()` installed the core while Python was already running: restart R |
#'
#' @name gentlenn_conditions
#' @return Not a function: this page documents condition classes.
#' @examples
#' r <- tryCatch(slope_classifier(bugs, learning_rate = 0, engine = "r"),
#'               gentlenn_bad_argument = function(e) conditionMessage(e))
#' r
NULL

abort_gentlenn <- function(message, class = NULL, call = NULL, ...) {
  cond <- structure(
    class = c(class, "gentlenn_error", "error", "condition"),
    list(message = message, call = call, ...)
  )
  stop(cond)
}

warn_gentlenn <- function(message, class) {
  warning(structure(class = c(class, "gentlenn_warning", "warning", "condition"),
                    list(message = message, call = NULL)))
}

bad_argument <- function(message) abort_gentlenn(message, class = "gentlenn_bad_argument")

# Python's classes (gentlenn.errors) and the R classes of the same meaning.
python_condition_classes <- c(
  BadArgumentError = "gentlenn_bad_argument", BadArgumentTypeError = "gentlenn_bad_argument",
  DivergenceError = "gentlenn_divergence", FileFormatError = "gentlenn_file_error",
  FileAccessError = "gentlenn_file_error", MissingFileError = "gentlenn_file_error",
  DownloadError = "gentlenn_download_error", MissingDependencyError = "gentlenn_missing_dependency",
  InputRangeWarning = "gentlenn_input_range",
  DivergenceWarning = "gentlenn_divergence_warning"
)

# The core's messages name Python's arguments; R users typed R's.
r_words <- c("download=True" = "download = TRUE", "input_range='columns'" = "input_range = \"columns\"",
             "X has values" = "`x` has values", "X fills only" = "`x` fills only",
             "scheduler=" = "`scheduler`", "values=" = "`values`")

in_r_words <- function(message) {
  for (k in seq_along(r_words)) message <- gsub(names(r_words)[k], r_words[[k]], message, fixed = TRUE)
  message
}

# Run `expr` (calls into the Python core): Python warnings become classed R warnings, and a
# Python exception becomes a classed gentlenn error carrying the Python message without
# reticulate's traceback decoration.
call_core <- function(expr) {
  py <- core()
  warnings_mod <- reticulate::import("warnings", convert = FALSE)
  catcher <- warnings_mod$catch_warnings(record = TRUE)
  caught <- catcher$`__enter__`()
  warnings_mod$simplefilter("always")
  value <- tryCatch(expr, error = function(e) {
    catcher$`__exit__`(NULL, NULL, NULL)
    catcher <<- NULL
    if (inherits(e, "gentlenn_error")) stop(e)
    rethrow_python(e)
  })
  if (!is.null(catcher)) catcher$`__exit__`(NULL, NULL, NULL)
  builtins <- reticulate::import_builtins(convert = FALSE)
  seen <- character()
  for (i in seq_len(as_r(builtins$len(caught)))) {
    w <- reticulate::py_get_item(caught, i - 1L)
    message <- in_r_words(as_r(builtins$str(w$message)))
    if (message %in% seen) next  # fit and the fitted values warn alike: once is enough
    seen <- c(seen, message)
    class <- python_condition_classes[as_r(w$category$`__name__`)]
    warn_gentlenn(message, class = if (is.na(class)) "gentlenn_python_warning" else unname(class))
  }
  value
}

rethrow_python <- function(e) {
  msg <- conditionMessage(e)
  msg <- sub("\n+Detailed traceback:.*$", "", msg)
  msg <- sub("\n+Run `reticulate::py_last_error\\(\\)`.*$", "", msg)
  type <- regmatches(msg, regexpr("^[A-Za-z_.]*(Error|Exception|Warning)(?=: )", msg, perl = TRUE))
  if (length(type) == 1L) {
    msg <- substring(msg, nchar(type) + 3L)
    type <- sub("^.*\\.", "", type)
  } else {
    type <- NA_character_
  }
  class <- python_condition_classes[type]
  abort_gentlenn(in_r_words(trimws(msg)), class = c(if (!is.na(class)) unname(class), "gentlenn_python_error"),
                 python_type = type)
}
