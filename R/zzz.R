# Package state: the lazily imported Python core and whether its version was checked.
the <- new.env(parent = emptyenv())

.onLoad <- function(libname, pkgname) {
  # RETICULATE_PYTHON wins; otherwise prefer the environment install_gentlenn() makes.
  if (!nzchar(Sys.getenv("RETICULATE_PYTHON")) &&
      reticulate::virtualenv_exists(gentlenn_envname())) {
    try(reticulate::use_virtualenv(gentlenn_envname(), required = FALSE), silent = TRUE)
  }
  the$py <- reticulate::import("gentlenn", delay_load = TRUE, convert = FALSE)
  the$checked <- FALSE
}

gentlenn_envname <- function() getOption("gentlenn.envname", "r-gentlenn")

# The Python module, after checking once that it is there and of this package's version.
core <- function() {
  if (!isTRUE(the$checked)) {
    status <- core_status()
    if (!status$ok) {
      abort_gentlenn(status$message, class = status$class)
    }
    the$checked <- TRUE
  }
  the$py
}

numpy <- function() reticulate::import("numpy", convert = FALSE)

core_status <- function() {
  r_version <- as.character(utils::packageVersion("gentlenn"))
  fix <- paste0(
    "Install the matching core with gentlenn::install_gentlenn(), ",
    "or set RETICULATE_PYTHON to a Python that has gentlenn ", r_version, " installed."
  )
  available <- tryCatch(reticulate::py_module_available("gentlenn"), error = function(e) FALSE)
  if (!available) {
    python <- tryCatch(reticulate::py_config()$python, error = function(e) "none found")
    return(list(
      ok = FALSE, class = "gentlenn_core_missing",
      message = paste0("The Python core 'gentlenn' is not installed in the Python that ",
                       "reticulate uses (", python, "). ", fix)
    ))
  }
  py_version <- tryCatch(
    reticulate::py_to_r(reticulate::import("gentlenn", convert = FALSE)$`__version__`),
    error = function(e) paste("unreadable:", conditionMessage(e))
  )
  if (!identical(py_version, r_version)) {
    return(list(
      ok = FALSE, class = "gentlenn_version_mismatch",
      message = paste0("The Python core 'gentlenn' is version ", py_version,
                       " but the R package is version ", r_version, ". ", fix)
    ))
  }
  list(ok = TRUE, class = NULL, message = NULL)
}

# ggplot2 (Suggests) supplies the .data pronoun used in aes().
utils::globalVariables(".data")
