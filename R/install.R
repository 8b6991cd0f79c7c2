#' Install the Python core of gentlenn
#'
#' Creates (or reuses) a Python virtual environment for reticulate and installs the `gentlenn`
#' Python package of the same version as this R package into it, with its fast numba kernels and
#' `numpy < 2` (which reticulate 1.28 needs). Restart R afterwards; gentlenn then finds the environment by itself
#' unless `RETICULATE_PYTHON` points elsewhere.
#'
#' @param source Where the Python package comes from: a path to a gentlenn source checkout
#'   (the folder holding `pyproject.toml`), or `NULL` to use the current directory when it is
#'   such a checkout and the package index otherwise.
#' @param envname Name or path of the virtual environment.
#' @param python Python interpreter used to create the environment (`NULL`: reticulate's choice).
#' @return The path of the environment's Python, invisibly.
#' @examples
#' \dontrun{
#' install_gentlenn("~/src/gentlenn")
#' }
#' @export
install_gentlenn <- function(source = NULL, envname = gentlenn_envname(), python = NULL) {
  version <- as.character(utils::packageVersion("gentlenn"))
  if (is.null(source) && is_source_checkout(".")) source <- "."
  if (is.null(source)) {
    spec <- paste0("gentlenn[fast]==", version)
  } else {
    if (!is_source_checkout(source)) {
      abort_gentlenn(sprintf("`source` (%s) is not a gentlenn source folder with a pyproject.toml.",
                             source), class = "gentlenn_bad_argument")
    }
    spec <- paste0(normalizePath(source), "[fast]")
  }
  # R puts its own library folders on LD_LIBRARY_PATH; a Python started from R with a shared
  # libpython can then load the system's libpython instead of its own and lose modules (ssl),
  # so pip and venv run without it.
  old_ld <- Sys.getenv("LD_LIBRARY_PATH", unset = NA)
  Sys.unsetenv("LD_LIBRARY_PATH")
  on.exit(if (!is.na(old_ld)) Sys.setenv(LD_LIBRARY_PATH = old_ld), add = TRUE)
  if (!reticulate::virtualenv_exists(envname)) {
    reticulate::virtualenv_create(envname, python = python)
  }
  reticulate::virtualenv_install(envname, packages = c("numpy<2", spec), ignore_installed = FALSE)
  message("Installed the gentlenn Python core into '", envname, "'. Restart R to use it.")
  invisible(reticulate::virtualenv_python(envname))
}

#' Is the Python core of gentlenn available?
#'
#' `TRUE` when reticulate's Python has the `gentlenn` module of the same version as this R
#' package; otherwise `FALSE`, with the reason as attribute `"reason"`. It never raises.
#'
#' @return `TRUE` or `FALSE`.
#' @examples
#' gentlenn_available()
#' @export
gentlenn_available <- function() {
  status <- tryCatch(core_status(), error = function(e) {
    list(ok = FALSE, message = conditionMessage(e))
  })
  if (isTRUE(status$ok)) return(TRUE)
  structure(FALSE, reason = status$message)
}

is_source_checkout <- function(path) {
  file <- file.path(path, "pyproject.toml")
  file.exists(file) && any(grepl('^name\\s*=\\s*"gentlenn"', readLines(file, warn = FALSE)))
}
