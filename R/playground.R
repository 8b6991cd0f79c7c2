# The browser playground: R's face of python/gentlenn/playground/ (the same server, started as a
# process of the core's Python so that it keeps serving while R is busy or idle).

#' Open the playground in the browser
#'
#' Starts the playground of the Python core (`gentlenn playground`): a local web app on 127.0.0.1
#' where you move the slope update by update, train the network with a live progress bar and
#' accuracy curve, draw a digit and watch the ten outputs answer. It opens in RStudio's Viewer
#' (or your browser) at a URL carrying a random token of this launch; nothing else can drive it.
#' Needs the Python package Flask (`pip install 'gentlenn[playground]'`).
#'
#' On RStudio Server and Posit Cloud your browser is not on the machine that runs R: the page is
#' reached through RStudio's proxy (`https://<server>/p/<id>/`), and `browser_url` is that
#' address, from `rstudioapi::translateLocalUrl()` (package rstudioapi, suggested). Elsewhere
#' `browser_url` is `url`.
#'
#' @param port Port on 127.0.0.1; `0` picks a free one.
#' @param browser Open the page (RStudio's Viewer when available, else the browser).
#' @param timeout Seconds to wait for the server to start.
#' @return A `gentlenn_playground` with its `url` (on 127.0.0.1, for R itself) and `browser_url`
#'   (the address for your browser); `close()` stops it (so does ending the R session).
#' @examplesIf interactive() && gentlenn_available()
#' pg <- playground()
#' pg$url
#' close(pg)
#' @export
playground <- function(port = 0, browser = interactive(), timeout = 60) {
  core()  # starts and checks the Python core first (reticulate 1.28: nothing may touch Python before)
  port <- check_whole(port, "port", min = 0)
  if (port > 65535L) bad_argument(sprintf("`port` must be 0..65535, got %d.", port))
  check_flag(browser, "browser")
  check_number(timeout, "timeout", min = 0, allow_min = FALSE)
  python <- reticulate::py_config()$python
  dir <- tempfile("gentlenn-playground")
  dir.create(dir)
  url_file <- file.path(dir, "url.json")
  log <- file.path(dir, "log.txt")
  start_playground_process(python, c("-m", "gentlenn", "playground", "--no-browser", "--port", port,
                                     "--url-file", shQuote(url_file)), log)
  deadline <- Sys.time() + timeout
  while (!file.exists(url_file) && Sys.time() < deadline) {
    Sys.sleep(0.1)
    said <- if (file.exists(log)) readLines(log, warn = FALSE) else character()
    if (any(grepl("error:", said, fixed = TRUE))) break
  }
  if (!file.exists(url_file)) {
    said <- if (file.exists(log)) readLines(log, warn = FALSE) else character()
    message <- sub("^gentlenn playground: error: ", "", grep("error:", said, value = TRUE, fixed = TRUE))
    if (length(message) && grepl("Flask", message[1], fixed = TRUE)) {
      abort_gentlenn(paste0(message[1], "."), class = "gentlenn_missing_dependency")
    }
    abort_gentlenn(sprintf("the playground did not start within %s s%s", format(timeout),
                           if (length(said)) paste0(": ", paste(utils::tail(said, 3), collapse = " ")) else "."),
                   class = "gentlenn_error")
  }
  info <- jsonlite::fromJSON(url_file)
  pg <- new_gentlenn_playground(url = info$url, port = as.integer(info$port), pid = as.integer(info$pid), log = log)
  pg$browser_url <- playground_browser_url(pg$url)
  if (browser) {
    viewer <- getOption("viewer")
    # RStudio's Viewer takes the local URL (on RStudio Server it maps the port itself)
    if (is.function(viewer)) viewer(pg$url) else utils::browseURL(pg$browser_url)
  }
  pg
}

# The server as a background process, its output in `log`. Portable: system2() runs the Python
# executable itself (no `env`, no shell tools). LD_LIBRARY_PATH is removed for the start only:
# R puts its own library folders there (Linux), and a Python with a shared libpython started with
# them can load the system's libpython instead of its own and lose modules such as ssl
# (docs/threads.md); on Windows and macOS the variable is normally unset and nothing changes.
start_playground_process <- function(python, args, log) {
  old <- Sys.getenv("LD_LIBRARY_PATH", unset = NA)
  if (!is.na(old)) {
    Sys.unsetenv("LD_LIBRARY_PATH")
    on.exit(Sys.setenv(LD_LIBRARY_PATH = old), add = TRUE)
  }
  system2(python, args, wait = FALSE, stdout = log, stderr = log)
}

# The functions of rstudioapi used here. `options(gentlenn.rstudioapi = list(isAvailable = ...,
# versionInfo = ..., translateLocalUrl = ...))` replaces them (the tests play RStudio Server so).
rstudio_api <- function() {
  api <- getOption("gentlenn.rstudioapi")
  if (!is.null(api)) return(api)
  if (!requireNamespace("rstudioapi", quietly = TRUE)) return(NULL)
  list(isAvailable = rstudioapi::isAvailable, versionInfo = rstudioapi::versionInfo,
       translateLocalUrl = rstudioapi::translateLocalUrl)
}

# TRUE inside RStudio Server or Posit Cloud, where the browser reaches local ports through RStudio's
# proxy only.
on_rstudio_server <- function(api = rstudio_api()) {
  if (is.null(api)) return(FALSE)
  isTRUE(tryCatch(api$isAvailable() && identical(api$versionInfo()$mode, "server"), error = function(e) FALSE))
}

# The address of the local `url` for the user's browser: on RStudio Server RStudio's proxy URL
# (`https://<server>/p/<id>/?token=...`: RStudio keeps the path and the query), else `url` itself.
playground_browser_url <- function(url, api = rstudio_api()) {
  if (!on_rstudio_server(api)) return(url)
  translated <- tryCatch(api$translateLocalUrl(url, absolute = TRUE), error = function(e) NULL)
  if (!is.character(translated) || length(translated) != 1L || is.na(translated) || !nzchar(translated)) {
    return(url)  # an RStudio too old to translate: the local URL is still right inside the Viewer
  }
  translated
}

#' @rdname playground
#' @param x,con A `gentlenn_playground`.
#' @param ... Unused.
#' @export
print.gentlenn_playground <- function(x, ...) {
  running <- playground_running(x)
  cat(sprintf("<gentlenn playground> %s\n  %s\n", if (running) "running" else "stopped", x$browser_url %||% x$url))
  if (!is.null(x$browser_url) && !identical(x$browser_url, x$url)) cat(sprintf("  (on this machine: %s)\n", x$url))
  if (running) cat("  close() stops it\n")
  invisible(x)
}

#' @rdname playground
#' @export
close.gentlenn_playground <- function(con, ...) {
  if (playground_running(con)) {
    tools::pskill(con$pid, tools::SIGTERM)  # the server stops its training and exits
    deadline <- Sys.time() + 10
    while (playground_running(con) && Sys.time() < deadline) Sys.sleep(0.1)
    # Windows has no SIGKILL (NA there): pskill() ends a process with TerminateProcess() whatever the signal
    kill <- if (.Platform$OS.type == "windows") tools::SIGTERM else tools::SIGKILL
    if (playground_running(con)) tools::pskill(con$pid, kill)
  }
  invisible(con)
}

playground_running <- function(x) {
  stat <- sprintf("/proc/%d/stat", x$pid)
  if (file.exists(stat)) {  # Linux: a process that exited but was not yet reaped counts as stopped
    fields <- strsplit(sub("^.*\\) ", "", readLines(stat, warn = FALSE)[1]), " ")[[1]]
    return(!fields[1] %in% c("Z", "X"))
  }
  if (.Platform$OS.type == "windows") {  # pskill() would end the process there, whatever the signal
    found <- tryCatch(system2("tasklist", c("/FI", shQuote(sprintf("PID eq %d", x$pid)), "/NH", "/FO", "CSV"),
                              stdout = TRUE, stderr = FALSE), error = function(e) character())
    return(any(grepl(sprintf('"%d"', x$pid), found, fixed = TRUE)))
  }
  isTRUE(tools::pskill(x$pid, 0L))  # elsewhere: signal 0 asks whether it is there
}
