#' Install the Python core of gentlenn
#'
#' Creates (or reuses) a Python virtual environment for reticulate and installs the `gentlenn`
#' Python package of the same version as this R package into it, with its fast numba kernels and
#' `numpy < 2` (which reticulate 1.28 needs). The Python sources travel inside the installed R
#' package, so no checkout and no download of gentlenn itself is needed (its dependencies, numpy,
#' scipy, pandas and scikit-learn, come from the package index or pip's cache).
#'
#' The sources are copied to a temporary folder and built there, so the R library is only read:
#' the installer works for a student whose R library (a teacher's site-wide install) is read-only,
#' and leaves nothing behind in it. The environment goes into reticulate's folder of virtual
#' environments (`~/.virtualenvs`, or `WORKON_HOME`), which belongs to the user who runs it.
#'
#' One line is printed per step; `verbose = TRUE` shows pip's own output. When Python has not
#' started in this session yet, gentlenn uses the new environment at once; when it has, a
#' `gentlenn_restart_required` message says to restart R, and says so again on every later call
#' in that session.
#'
#' @param source Where the Python package comes from: `NULL` (the sources inside this R package,
#'   or the current directory when it is a gentlenn checkout), or a path to a gentlenn source
#'   folder (the one holding `pyproject.toml`).
#' @param envname Name or path of the virtual environment.
#' @param python Python interpreter used to create the environment (`NULL`: the `python3` on the
#'   search path).
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
  check_string(envname, "envname")
  if (!is.null(python)) check_string(python, "python")
  version <- as.character(utils::packageVersion("gentlenn"))
  source <- core_sources(source)
  started <- python_started()
  # R puts its own library folders on LD_LIBRARY_PATH; a Python started from R with a shared
  # libpython can then load the system's libpython instead of its own and lose modules (ssl),
  # so venv and pip run without it.
  old_ld <- Sys.getenv("LD_LIBRARY_PATH", unset = NA)
  Sys.unsetenv("LD_LIBRARY_PATH")
  on.exit(if (!is.na(old_ld)) Sys.setenv(LD_LIBRARY_PATH = old_ld), add = TRUE)
  env_python <- ensure_virtualenv(envname, python, verbose)
  message("gentlenn: installing the Python core ", version, " from ",
          if (is.null(source)) "the package index" else source, " (a minute or two)")
  staged <- if (!is.null(source)) stage_sources(source)
  if (!is.null(staged)) on.exit(unlink(staged, recursive = TRUE), add = TRUE)
  wanted <- if (length(extras)) paste0("[", paste(unique(extras), collapse = ","), "]") else ""
  spec <- if (is.null(staged)) paste0("gentlenn", wanted, "==", version) else paste0(staged, wanted)
  run_quietly(env_python, c("-m", "pip", "install", "--disable-pip-version-check", "--no-warn-script-location",
                            shQuote("numpy<2"), shQuote(spec)), verbose,
              paste0("pip could not install the Python core into '", envname, "'"))
  announce_installed(envname, env_python, started)
  invisible(env_python)
}

# The folder holding gentlenn's pyproject.toml: the user's, the current checkout, or the copy
# inside the installed R package; NULL means the package index.
core_sources <- function(source) {
  if (is.null(source)) {
    bundled <- system.file("python", package = "gentlenn")
    if (is_source_checkout(".")) return(normalizePath("."))
    return(if (is_source_checkout(bundled)) bundled else NULL)
  }
  check_string(source, "source")
  if (!is_source_checkout(source)) {
    bad_argument(sprintf("`source` (%s) is not a gentlenn source folder with a pyproject.toml.", source))
  }
  normalizePath(source)
}

# A copy of what pip needs to build the core, in a new temporary folder: pip's setuptools build
# writes build/ and *.egg-info beside the sources, which must never be the R library (read-only
# on shared machines) nor the user's checkout.
stage_sources <- function(source) {
  staged <- tempfile("gentlenn-core-")
  dir.create(staged)
  parts <- c("pyproject.toml", "README.md", "LICENSE", "python", "data")
  parts <- parts[file.exists(file.path(source, parts))]
  ok <- file.copy(file.path(source, parts), staged, recursive = TRUE)
  if (!all(ok)) {
    abort_gentlenn(sprintf("could not copy gentlenn's sources from %s to %s.", source, staged),
                   class = "gentlenn_install_error")
  }
  for (junk in c("build", list.files(staged, "\\.egg-info$"))) unlink(file.path(staged, junk), recursive = TRUE)
  unlink(list.files(staged, "^__pycache__$", recursive = TRUE, include.dirs = TRUE, full.names = TRUE),
         recursive = TRUE)
  data <- file.path(staged, "data")
  if (dir.exists(data)) {  # the tables only: R CMD build gzips them, setuptools wants them plain
    for (gz in list.files(data, "\\.csv\\.gz$", full.names = TRUE)) {
      writeLines(readLines(gz), sub("\\.gz$", "", gz))
      unlink(gz)
    }
    if (!file.exists(file.path(data, "__init__.py"))) {
      writeLines('"""Tables shared with the R package."""', file.path(data, "__init__.py"))
    }
  }
  staged
}

# Has Python started in this R session? (reticulate cannot switch Pythons once it has.)
python_started <- function() isTRUE(the$python_started) || reticulate::py_available(initialize = FALSE)

# The environment's Python, creating the environment first when it does not exist.
ensure_virtualenv <- function(envname, python, verbose) {
  if (reticulate::virtualenv_exists(envname)) {
    message("gentlenn: reusing the virtual environment '", envname, "'")
    return(reticulate::virtualenv_python(envname))
  }
  message("gentlenn: creating the virtual environment '", envname, "'")
  path <- if (grepl("/", envname, fixed = TRUE)) envname else file.path(reticulate::virtualenv_root(), envname)
  starter <- python %||% Sys.which("python3")[[1]]
  if (!nzchar(starter)) {
    abort_gentlenn("no Python found: give `python` (a Python >= 3.9).", class = "gentlenn_install_error")
  }
  run_quietly(starter, c("-m", "venv", shQuote(path.expand(path))), verbose,
              paste0("could not create the environment '", path, "' with ", starter))
  reticulate::virtualenv_python(envname)
}

# The last line: ready, or restart R (Python already runs, here or on the next call too).
announce_installed <- function(envname, env_python, started) {
  chosen <- Sys.getenv("RETICULATE_PYTHON")
  if (started) {
    the$python_started <- TRUE
    the$restart_required <- envname
    message(structure(class = c("gentlenn_restart_required", "message", "condition"), list(
      message = paste0("gentlenn: installed into '", envname, "'. Python is already running in this R ",
                       "session: restart R (RStudio: Session > Restart R) to use it.\n"),
      call = NULL)))
  } else if (nzchar(chosen) && normalizePath(chosen, mustWork = FALSE) != normalizePath(env_python, mustWork = FALSE)) {
    message("gentlenn: installed into '", envname, "', but RETICULATE_PYTHON (", chosen, ") chooses another ",
            "Python: unset it, or set it to ", env_python, ", to use the new core")
  } else {
    if (!nzchar(chosen)) reticulate::use_virtualenv(envname, required = TRUE)
    the$checked <- FALSE
    message("gentlenn: installed into '", envname, "'; ready to use")
  }
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
  reason <- status$message
  if (!is.null(the$restart_required)) {
    reason <- paste0("install_gentlenn() installed the core into '", the$restart_required, "' after Python ",
                     "had started in this session: restart R to use it. (", reason, ")")
  }
  structure(FALSE, reason = reason)
}

is_source_checkout <- function(path) {
  file <- file.path(path, "pyproject.toml")
  nzchar(path) && file.exists(file) && any(grepl('^name\\s*=\\s*"gentlenn"', readLines(file, warn = FALSE)))
}

# For the course vignette: the Python core, installed first when it is missing and Python has
# not started (R CMD build runs the vignette before the README's install_gentlenn() line), or a
# stop saying what to do; never a vignette of code without output. Progress goes to the build's
# log (stderr), which knitr does not capture.
core_for_vignette <- function() {
  if (isTRUE(gentlenn_available_quietly())) return(invisible(TRUE))
  say <- function(...) cat("gentlenn:", ..., "\n", file = stderr())
  no_python_chosen <- !nzchar(Sys.getenv("RETICULATE_PYTHON")) && !python_started()
  allowed <- !identical(tolower(Sys.getenv("GENTLENN_VIGNETTE_INSTALL")), "false")
  if (no_python_chosen && allowed) {
    say("the course vignette runs the Python core, which is not installed yet;",
        "installing it now with install_gentlenn() (a minute or two; set GENTLENN_VIGNETTE_INSTALL=false",
        "to stop instead)")
    done <- tryCatch({
      suppressMessages(install_gentlenn())
      TRUE
    }, error = function(e) {
      say("install_gentlenn() failed:", conditionMessage(e))
      FALSE
    })
    if (done && isTRUE(gentlenn_available_quietly())) return(invisible(TRUE))
  }
  ok <- gentlenn_available()
  stop(paste0(
    "The course vignette needs gentlenn's Python core, which is not available (", attr(ok, "reason"), ").\n",
    "Either install the core first and build again:\n",
    "  R CMD INSTALL .            (or R CMD INSTALL -l ~/R/library . for a personal library)\n",
    "  Rscript -e 'gentlenn::install_gentlenn()'\n",
    "  R CMD build .\n",
    "or set RETICULATE_PYTHON to a Python that has gentlenn ", utils::packageVersion("gentlenn"), ", ",
    "or build without the vignette: R CMD build --no-build-vignettes ."), call. = FALSE)
}

gentlenn_available_quietly <- function() {
  if (!nzchar(Sys.getenv("RETICULATE_PYTHON")) && !python_started() &&
      !reticulate::virtualenv_exists(gentlenn_envname())) {
    return(FALSE)  # asking reticulate now would start some other Python and forbid installing
  }
  gentlenn_available()
}
