# R's playground(): the core's server as a process, its URL with the token, and close() stopping it.
# The pages themselves are driven in a real browser by tests/python/test_playground.py.

test_that("playground() starts the core's server on 127.0.0.1 with a token; close() stops it", {
  skip_if_no_core()
  pg <- playground(browser = FALSE)
  on.exit(close(pg))
  expect_s3_class(pg, "gentlenn_playground")
  expect_match(pg$url, "^http://127\\.0\\.0\\.1:[0-9]+/\\?token=[A-Za-z0-9_-]{20,}$")
  expect_output(print(pg), "running")
  expect_identical(attr(curlGetHeaders(pg$url), "status"), 200L)
  con <- url(pg$url)
  page <- readLines(con, warn = FALSE)
  close(con)
  expect_true(any(grepl("gentlenn playground", page, fixed = TRUE)))
  bare <- sub("\\?token=.*$", "", pg$url)
  expect_identical(attr(curlGetHeaders(bare), "status"), 403L)
  expect_identical(attr(curlGetHeaders(paste0(bare, "?token=guess")), "status"), 403L)
  close(pg)
  expect_output(print(pg), "stopped")
  expect_error(curlGetHeaders(pg$url))
  expect_error(playground(port = 70000), "`port` must be 0..65535", class = "gentlenn_bad_argument")
})
