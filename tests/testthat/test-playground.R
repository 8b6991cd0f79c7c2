# R's playground(): the core's server as a process, its URL with the token, and close() stopping it.
# The pages themselves are driven in a real browser by tests/python/test_playground.py (directly)
# and tests/python/test_playground_proxy.py (behind nginx, as on RStudio Server).

# RStudio Server as rstudioapi reports it, through the option playground.R reads; `calls` records
# what translateLocalUrl() was asked. The translation is RStudio's rule (its portmapPathForLocalhostUrl:
# http://localhost|127.0.0.1:<port><path> -> p/<id><path>, path and query kept), written out here.
fake_rstudio <- function(mode = "server", available = TRUE, translated = NULL) {
  calls <- new.env()
  calls$urls <- list()
  api <- list(
    isAvailable = function(...) available,
    versionInfo = function() list(mode = mode, version = package_version("2023.12.1")),
    translateLocalUrl = function(url, absolute = FALSE) {
      calls$urls[[length(calls$urls) + 1L]] <- list(url = url, absolute = absolute)
      if (!is.null(translated)) return(translated)
      rest <- sub("^http://(localhost|127\\.0\\.0\\.1):[0-9]+", "", url)
      paste0(if (absolute) "https://rstudio.example.org/" else "", "p/58fab3e4", rest)
    })
  list(api = api, calls = calls)
}

test_that("on RStudio Server the browser gets RStudio's proxy URL, elsewhere the local one", {
  local_url <- "http://127.0.0.1:4321/?token=Abc_123-xyz"
  server <- fake_rstudio()
  expect_identical(gentlenn:::playground_browser_url(local_url, server$api),
                   "https://rstudio.example.org/p/58fab3e4/?token=Abc_123-xyz")
  expect_identical(server$calls$urls, list(list(url = local_url, absolute = TRUE)))
  for (other in list(fake_rstudio(mode = "desktop"), fake_rstudio(available = FALSE))) {
    expect_identical(gentlenn:::playground_browser_url(local_url, other$api), local_url)
    expect_length(other$calls$urls, 0L)  # translateLocalUrl() asked only on RStudio Server
  }
  expect_identical(gentlenn:::playground_browser_url(local_url, NULL), local_url)  # no rstudioapi
  # an RStudio that cannot translate (or says nothing): the local URL, no error
  broken <- fake_rstudio()
  broken$api$translateLocalUrl <- function(...) stop("not supported")
  expect_identical(gentlenn:::playground_browser_url(local_url, broken$api), local_url)
  expect_identical(gentlenn:::playground_browser_url(local_url, fake_rstudio(translated = "")$api), local_url)
  broken$api$versionInfo <- function() stop("RStudio not running")
  expect_false(gentlenn:::on_rstudio_server(broken$api))
})

test_that("outside RStudio, the real rstudioapi says so and the URL stays local", {
  expect_true(requireNamespace("rstudioapi", quietly = TRUE))  # suggested; make setup installs it
  expect_false(gentlenn:::on_rstudio_server())  # an Rscript is not RStudio
  expect_identical(gentlenn:::playground_browser_url("http://127.0.0.1:1/?token=a"), "http://127.0.0.1:1/?token=a")
})

test_that("playground() starts the core's server on 127.0.0.1 with a token; close() stops it", {
  skip_if_no_core()
  ld_before <- Sys.getenv("LD_LIBRARY_PATH", unset = NA)
  pg <- playground(browser = FALSE)
  on.exit(close(pg))
  expect_s3_class(pg, "gentlenn_playground")
  expect_match(pg$url, "^http://127\\.0\\.0\\.1:[0-9]+/\\?token=[A-Za-z0-9_-]{20,}$")
  expect_identical(pg$browser_url, pg$url)
  expect_output(print(pg), "running")
  # the server started without R's library path, and R's own setting is back as it was
  expect_identical(Sys.getenv("LD_LIBRARY_PATH", unset = NA), ld_before)
  environ <- sprintf("/proc/%d/environ", pg$pid)
  if (file.exists(environ)) {  # Linux
    bytes <- readBin(environ, "raw", 1e6)
    bytes[bytes == as.raw(0)] <- as.raw(10)  # NUL-separated: one variable a line
    vars <- strsplit(rawToChar(bytes), "\n", fixed = TRUE)[[1]]
    expect_false(any(startsWith(vars, "LD_LIBRARY_PATH=")))
    expect_true(any(startsWith(vars, "PATH=")))
  }
  expect_identical(attr(curlGetHeaders(pg$url), "status"), 200L)
  con <- url(pg$url)
  page <- readLines(con, warn = FALSE)
  close(con)
  expect_true(any(grepl("gentlenn playground", page, fixed = TRUE)))
  expect_true(any(grepl('src="static/app.js?token=', page, fixed = TRUE)))  # relative: works under a proxy's prefix
  bare <- sub("\\?token=.*$", "", pg$url)
  expect_identical(attr(curlGetHeaders(bare), "status"), 403L)
  expect_identical(attr(curlGetHeaders(paste0(bare, "?token=guess")), "status"), 403L)
  close(pg)
  expect_output(print(pg), "stopped")
  expect_error(curlGetHeaders(pg$url))
  expect_error(playground(port = 70000), "`port` must be 0..65535", class = "gentlenn_bad_argument")
})

test_that("on RStudio Server playground() gives and opens RStudio's proxy URL", {
  skip_if_no_core()
  server <- fake_rstudio()
  opened <- character()
  old <- options(gentlenn.rstudioapi = server$api, viewer = NULL,
                 browser = function(url) opened <<- c(opened, url))
  on.exit(options(old))
  pg <- playground(browser = TRUE)
  on.exit(close(pg), add = TRUE)
  token <- sub("^.*\\?token=", "", pg$url)
  expect_identical(pg$browser_url, paste0("https://rstudio.example.org/p/58fab3e4/?token=", token))
  expect_identical(server$calls$urls, list(list(url = pg$url, absolute = TRUE)))
  expect_identical(opened, pg$browser_url)
  shown <- capture.output(print(pg))
  expect_identical(shown[2], paste0("  ", pg$browser_url))
  expect_true(any(grepl(pg$url, shown, fixed = TRUE)))  # and the local one, for R itself
  expect_identical(attr(curlGetHeaders(pg$url), "status"), 200L)  # R on the server still reaches it directly
})
