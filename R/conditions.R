# nolint start: line_length_linter. (the conditions table's rows)
#' Conditions signalled by gentlenn
#'
#' Every error gentlenn raises on purpose has class `gentlenn_error` and one or more of the
#' classes below, so callers can catch a kind of failure with `tryCatch()`. Errors raised by the
#' Python core arrive with the classes the core declares for them (`gentlenn.errors.CONDITIONS`,
#' one list for both languages), and carry its fields: `$argument` (R's name of the argument),
#' `$value`, `$expected`, and `$python_class`. Every condition carries the call you made
#' (`conditionCall()`).
#'
#' | class | kind | when |
#' |---|---|---|
#' | `gentlenn_bad_argument` | error | an argument has a value gentlenn cannot use; the message names it and shows the value as R prints it (rows counted from 1) |
#' | `gentlenn_limit` | error | (also `gentlenn_bad_argument`) the call would take more memory, bytes or processes than allowed; the message says how to allow more |
#' | `gentlenn_core_missing` | error | the Python core is not installed in the Python reticulate uses |
#' | `gentlenn_version_mismatch` | error | the Python core's version differs from the R package's |
#' | `gentlenn_divergence` | error | training made the weights or the slope infinite or huge: use a smaller learning rate |
#' | `gentlenn_file_error` | error | a file is missing, unreadable, or not in the format it should have |
#' | `gentlenn_download_error` | error | no mirror gave a verified file |
#' | `gentlenn_missing_dependency` | error | an optional Python package the feature needs is not installed |
#' | `gentlenn_install_error` | error | `install_gentlenn()` could not create the environment or install the core |
#' | `gentlenn_playground_error` | error | the playground refused a request |
#' | `gentlenn_missing_package` | error | an optional R package (magick, ...) is needed |
#' | `gentlenn_python_error` | error | an error inside Python that gentlenn did not expect (please report it) |
#' | `gentlenn_input_range` | warning | the data lie outside the declared `input_range` or fill under a tenth of it |
#' | `gentlenn_divergence_warning` | warning | the slope grew without bound |
#' | `gentlenn_new_level` | error | (also `gentlenn_bad_argument`) `predict()` met a factor level the fit never saw |
#' | `gentlenn_poor_fit` | warning | the fit answers one class for every row, or does no better than the most common class |
#' | `gentlenn_label_conversion` | warning | class labels R cannot hold exactly (64-bit integers beyond 2^53, dates, times) were converted to character |
#' | `gentlenn_seed_conversion` | warning | a seed stored in a network file does not fit R's integers; `$seed` is `NA` |
#' | `gentlenn_restart_required` | message | `install_gentlenn()` installed the core while Python was already running: restart R |
#'
#' @name gentlenn_conditions
#' @return Not a function: this page documents condition classes.
#' @examples
#' r <- tryCatch(slope_classifier(bugs, learning_rate = 0, engine = "r"),
#'               gentlenn_bad_argument = function(e) conditionMessage(e))
#' r
NULL
# nolint end

# The user's call: the innermost call of a gentlenn function that was made from outside the
# package (by the user's code, a test or another package), so an error raised deep inside says which
# of the user's lines it is about, and an export calling another export internally is not blamed.
user_call <- function() {
  ns <- asNamespace("gentlenn")
  calls <- sys.calls()
  parents <- sys.parents()
  ours <- function(i) i > 0L && identical(environment(sys.function(i)), ns)
  for (i in rev(seq_along(calls))) {
    if (ours(i) && !ours(parents[i])) return(generic_call(calls[[i]]))
  }
  NULL
}

# R 4.2 shows an S3 method's own name in its call (network_classifier.formula(...)); the user typed
# the generic's.
generic_call <- function(cl) {
  name <- if (is.name(cl[[1]])) as.character(cl[[1]]) else ""
  for (generic in c("network_classifier", "predict", "summary", "print", "plot")) {
    if (startsWith(name, paste0(generic, "."))) cl[[1]] <- as.name(generic)
  }
  cl
}

abort_gentlenn <- function(message, class = NULL, call = user_call(), ...) {
  cond <- structure(
    class = unique(c(class, "gentlenn_error", "error", "condition")),
    list(message = message, call = call, ...)
  )
  stop(cond)
}

warn_gentlenn <- function(message, class, call = user_call(), ...) {
  warning(structure(class = unique(c(class, "gentlenn_warning", "warning", "condition")),
                    list(message = message, call = call, ...)))
}

bad_argument <- function(message, ...) abort_gentlenn(message, class = "gentlenn_bad_argument", ...)

# The one way gentlenn deprecates a name (lifecycle's): a warning of class
# lifecycle_warning_deprecated each time, naming what to use instead. lifecycle warns every time
# only for direct calls; through `$` or a wrapper it would warn once per 8 hours, so the user's
# environment is given as the global one.
deprecated <- function(what, with, when = "0.2.0") {
  lifecycle::deprecate_warn(when, what, with, env = asNamespace("gentlenn"), always = TRUE, user_env = globalenv())
}

# The core's words for what a parameter accepts, in R's: None is NULL, True is TRUE, 'x' is "x".
r_expected <- function(text) {
  text <- gsub("'([^']*)'", "\"\\1\"", text)
  text <- gsub("\\bNone\\b", "NULL", text)
  text <- gsub("\\bTrue\\b", "TRUE", text)
  gsub("\\bFalse\\b", "FALSE", text)
}

# A suggestion {parameter: value} as R code: `download = TRUE`.
r_suggestion <- function(suggest) {
  if (!length(suggest)) return("")
  code <- vapply(names(suggest), function(k) {
    v <- suggest[[k]]
    sprintf("`%s = %s`", k, if (is.character(v)) encodeString(v, quote = "\"") else format(v))
  }, "")
  paste0("; use ", paste(code, collapse = " or "))
}

# R's sentence from the core's structured fields: the parameter's rule in R's words where the
# error is about a parameter's value, else the core's text; a suggestion as R code.
r_message <- function(f) {
  arg <- f$argument
  if (!is.null(arg) && !is.null(f$expected) && identical(f$class, "BadArgumentError") ||
      !is.null(arg) && !is.null(f$expected) && identical(f$class, "BadArgumentTypeError")) {
    return(sprintf("`%s` must be %s, got %s.", r_name(arg), r_expected(f$expected), describe(f$value)))
  }
  paste0(f$text %||% f$message, r_suggestion(f$suggest))
}

# Python's parameter names that R spells differently.
r_name <- function(arg) {
  switch(arg, random_state = "seed", X = "x", arg)
}

# The structured fields of the Python exception reticulate caught last (NULL for one that is not
# gentlenn's).
last_python_fields <- function() {
  err <- tryCatch(reticulate::py_last_error(), error = function(e) NULL)
  exc <- if (!is.null(err)) attr(err, "exception", exact = TRUE)
  if (is.null(exc)) return(list(type = NA_character_, fields = NULL))
  type <- tryCatch(err$type, error = function(e) NA_character_)
  fields <- tryCatch(
    if (reticulate::py_has_attr(exc, "fields")) reticulate::py_to_r(core()$errors$structured_fields(exc)) else NULL,
    error = function(e) NULL
  )
  list(type = type, fields = fields)
}

# Run `expr` (calls into the Python core): Python warnings become classed R warnings, and a
# Python exception becomes a classed gentlenn error written in R's words from its fields.
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
  for (i in seq_len(reticulate::py_to_r(builtins$len(caught)))) {
    w <- reticulate::py_get_item(caught, i - 1L)
    f <- reticulate::py_to_r(py$errors$structured_fields(w$message))
    message <- r_message(f)
    if (message %in% seen) next  # fit and the fitted values warn alike: once is enough
    seen <- c(seen, message)
    classes <- unlist(f$r_classes)
    warn_gentlenn(message, class = if (length(classes)) classes else "gentlenn_python_warning")
  }
  value
}

rethrow_python <- function(e) {
  last <- last_python_fields()
  f <- last$fields
  if (is.null(f)) {
    msg <- conditionMessage(e)
    msg <- sub("\n+Detailed traceback:.*$", "", msg)
    msg <- sub("\n+Run `reticulate::py_last_error\\(\\)`.*$", "", msg)
    abort_gentlenn(trimws(msg), class = "gentlenn_python_error", python_class = last$type)
  }
  abort_gentlenn(r_message(f), class = unlist(f$r_classes),
                 python_class = f$class, argument = if (!is.null(f$argument)) r_name(f$argument),
                 value = f$value, expected = f$expected)
}
