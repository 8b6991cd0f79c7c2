#' Install the Python core of gentlenn
#'
#' Creates (or reuses) a Python virtual environment for reticulate and installs the `gentlenn`
#' Python package of the same version as this R package into it, with its fast numba kernels and
#' `numpy < 2` (which reticulate 1.28 needs). The Python sources travel inside the installed R
#' package, so no checkout and no download of gentlenn itself is needed (its dependencies, numpy,
#' scipy, pandas and scikit-learn, come from the package index or pip's cache).
#'
#' One line is printed per step; `verbose = TRUE` shows pip's own output. When Python has not
#' started in this session yet, gentlenn uses the new environment at once; when it has, a
#' `gentlenn_restart_required` message says to restart R.
#'
#' @param source Where the Python package comes from: `NULL` (the sources inside this R package,
#'   or the current directory when it is a gentlenn checkout), or a path to a gentlenn source
#'   folder (the one holding `pyproject.toml`).
#' @param envname Name or path of the virtual environment.
#' @param python Python interpreter used to create the environment (`NULL`: reticulate's choice).
#' @param verbose Show pip's output.
#' @param extras The Python package's optional parts: `"fast"` (numba kernels), `"playground"`
#'   (Flask, for [playground()]) and `"dask"` (for `digits_experiment(scheduler = )`).
#' @return The path of the environment's Python, invisibly.
#' @examples
#' \dontrun{
#' install_gentlenn()
#' }
#' # a folder without gentlenn's sources is a classed error:
#' try(install_gentlenn(source = tempdir()))
#' @export
install_gentlenn <- function(source = NULL, envname = gentlenn_envname(), python = NULL, verbose = FALSE,
                             extras = c("fast", "playground")) {
  check_flag(verbose, "verbose")
  if (!is.character(extras) || anyNA(extras) || !all(extras %in% c("fast", "playground", "dask"))) {
    bad_argument(sprintf("`extras` must be some of \"fast\", \"playground\", \"dask\", got %s.", describe(extras)))
  }
  wanted <- if (length(extras)) paste0("[", paste(unique(extras), collapse = ","), "]") else ""
  check_string(envname, "envname")
  if (!is.null(python)) check_string(python, "python")
  version <- as.character(utils::packageVersion("gentlenn"))
  if (is.null(source)) {
    bundled <- system.file("python", package = "gentlenn")
    source <- if (is_source_checkout(".")) "." else if (is_source_checkout(bundled)) bundled else NULL
  } else {
    check_string(source, "source")
    if (!is_source_checkout(source)) {
      bad_argument(sprintf("`source` (%s) is not a gentlenn source folder with a pyproject.toml.", source))
    }
  }
  spec <- if (is.null(source)) paste0("gentlenn", wanted, "==", version) else paste0(normalizePath(source), wanted)
  started <- reticulate::py_available(initialize = FALSE)
  # R puts its own library folders on LD_LIBRARY_PATH; a Python started from R with a shared
  # libpython can then load the system's libpython instead of its own and lose modules (ssl),
  # so venv and pip run without it.
  old_ld <- Sys.getenv("LD_LIBRARY_PATH", unset = NA)
  Sys.unsetenv("LD_LIBRARY_PATH")
  on.exit(if (!is.na(old_ld)) Sys.setenv(LD_LIBRARY_PATH = old_ld), add = TRUE)
  if (!reticulate::virtualenv_exists(envname)) {
    message("gentlenn: creating the virtual environment '", envname, "'")
    path <- if (grepl("/", envname, fixed = TRUE)) envname else file.path(reticulate::virtualenv_root(), envname)
    starter <- python %||% (Sys.which("python3")[[1]])
    if (!nzchar(starter)) abort_gentlenn("no Python found: give `python` (a Python >= 3.9).", class = "gentlenn_install_error")
    run_quietly(starter, c("-m", "venv", shQuote(path.expand(path))), verbose, "could not create the environment")
  } else {
    message("gentlenn: reusing the virtual environment '", envname, "'")
  }
  env_python <- reticulate::virtualenv_python(envname)
  message("gentlenn: installing the Python core ", version, " from ",
          if (is.null(source)) "the package index" else source, " (a minute or two)")
  run_quietly(env_python, c("-m", "pip", "install", "--disable-pip-version-check",
                             shQuote("numpy<2"), shQuote(spec)), verbose,
              paste0("pip could not install the Python core into '", envname, "'"))
  if (started) {
    message(structure(class = c("gentlenn_restart_required", "message", "condition"), list(
      message = paste0("gentlenn: installed into '", envname, "'. Python is already running in this R ",
                       "session: restart R (RStudio: Session > Restart R) to use it.\n"),
      call = NULL)))
  } else {
    if (!nzchar(Sys.getenv("RETICULATE_PYTHON"))) reticulate::use_virtualenv(envname, required = TRUE)
    the$checked <- FALSE
    message("gentlenn: installed into '", envname, "'; ready to use")
  }
  invisible(env_python)
}

# Run a program; its output is shown only with verbose = TRUE, or when it fails.
run_quietly <- function(command, args, verbose, failure) {
  out <- suppressWarnings(system2(command, args, stdout = if (verbose) "" else TRUE,
                                  stderr = if (verbose) "" else TRUE))
  status <- if (verbose) out else attr(out, "status") %||% 0L
  if (!identical(as.integer(status), 0L)) {
    abort_gentlenn(paste0(failure, if (!verbose) paste0(":\n", paste(utils::tail(out, 15), collapse = "\n"))),
                   class = "gentlenn_install_error")
  }
  invisible(out)
}

`%||%` <- function(a, b) if (is.null(a)) b else a

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
  nzchar(path) && file.exists(file) && any(grepl('^name\\s*=\\s*"gentlenn"', readLines(file, warn = FALSE)))
}
