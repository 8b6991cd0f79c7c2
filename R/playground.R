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
#' @param port Port on 127.0.0.1; `0` picks a free one.
#' @param browser Open the page (RStudio's Viewer when available, else the browser).
#' @param timeout Seconds to wait for the server to start.
#' @return A `gentlenn_playground` with its `url`; `close()` stops it (so does ending the R
#'   session).
#' @examplesIf interactive() && gentlenn_available()
#' pg <- playground()
#' pg$url
#' close(pg)
#' @export
playground <- function(port = 0, browser = interactive(), timeout = 60) {
  py <- core()
  port <- check_whole(port, "port", min = 0)
  if (port > 65535L) bad_argument(sprintf("`port` must be 0..65535, got %d.", port))
  check_flag(browser, "browser")
  check_number(timeout, "timeout", min = 0, allow_min = FALSE)
  python <- reticulate::py_config()$python
  dir <- tempfile("gentlenn-playground")
  dir.create(dir)
  url_file <- file.path(dir, "url.json")
  log <- file.path(dir, "log.txt")
  # without R's LD_LIBRARY_PATH, as every Python process R starts (docs/threads.md)
  system2("env", c("-u", "LD_LIBRARY_PATH", shQuote(python), "-m", "gentlenn", "playground", "--no-browser",
                   "--port", port, "--url-file", shQuote(url_file)), wait = FALSE, stdout = log, stderr = log)
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
  if (browser) {
    viewer <- getOption("viewer")
    if (is.function(viewer)) viewer(pg$url) else utils::browseURL(pg$url)
  }
  pg
}

#' @rdname playground
#' @param x,con A `gentlenn_playground`.
#' @param ... Unused.
#' @export
print.gentlenn_playground <- function(x, ...) {
  running <- playground_running(x)
  cat(sprintf("<gentlenn playground> %s\n  %s\n", if (running) "running" else "stopped", x$url))
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
    if (playground_running(con)) tools::pskill(con$pid, tools::SIGKILL)
  }
  invisible(con)
}

playground_running <- function(x) {
  stat <- sprintf("/proc/%d/stat", x$pid)
  if (file.exists(stat)) {  # Linux: a process that exited but was not yet reaped counts as stopped
    fields <- strsplit(sub("^.*\\) ", "", readLines(stat, warn = FALSE)[1]), " ")[[1]]
    return(!fields[1] %in% c("Z", "X"))
  }
  isTRUE(tools::pskill(x$pid, 0L))  # elsewhere: signal 0 asks whether it is there
}
