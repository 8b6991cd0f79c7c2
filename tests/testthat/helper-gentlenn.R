# Tests that need the Python core skip when it is truly absent, except under GENTLENN_NO_SKIP=1
# (the project's test command installs it, so there a missing core is a failure).
skip_if_no_core <- function() {
  ok <- gentlenn_available()
  if (isTRUE(ok)) return(invisible(TRUE))
  reason <- paste("Python core unavailable:", attr(ok, "reason"))
  if (identical(Sys.getenv("GENTLENN_NO_SKIP"), "1")) stop(reason, call. = FALSE)
  skip(reason)
}

fixture_path <- function(name) test_path("..", "fixtures", name)

read_cases <- function() jsonlite::fromJSON(fixture_path("slope_cases.json"), simplifyVector = FALSE)$cases

num_or_null <- function(v) if (is.null(v)) NULL else as.numeric(v)

case_data <- function(case) {
  data.frame(x = as.numeric(unlist(case$x)), y = as.numeric(unlist(case$y)),
             class = unlist(case$labels))
}

fit_case <- function(case, engine) {
  p <- case$params
  slope_classifier(case_data(case), slope = num_or_null(p$slope),
                   learning_rate = as.numeric(p$learning_rate), margin = as.numeric(p$margin),
                   epochs = p$epochs, shuffle = p$shuffle,
                   seed = if (is.null(p$seed)) NULL else as.integer(p$seed),
                   slope_range = as.numeric(unlist(p$slope_range)), engine = engine)
}

expect_matches_case <- function(fit, case) {
  e <- case$expected
  h <- slope_history(fit)
  expect_equal(fit$above, e$above)
  expect_equal(fit$initial_slope, as.numeric(e$initial_slope), tolerance = 1e-12)
  expect_equal(h$slope, as.numeric(unlist(e$slopes)), tolerance = 1e-12)
  expect_identical(h$index, as.integer(unlist(e$index)))
  expect_identical(mean(predict(fit) == case_data(case)$class), as.numeric(e$accuracy))
}

# Run R code in a fresh Rscript with this session's library paths; returns output and status.
run_rscript <- function(code, env = character(), wd = NULL) {
  rscript <- file.path(R.home("bin"), "Rscript")
  script <- tempfile(fileext = ".R")
  writeLines(code, script)
  if (!is.null(wd)) {
    owd <- setwd(wd)
    on.exit(setwd(owd))
  }
  libs <- paste0("R_LIBS=", paste(.libPaths(), collapse = .Platform$path.sep))
  out <- suppressWarnings(system2(rscript, script, stdout = TRUE, stderr = TRUE,
                                  env = c(libs, env)))
  list(output = paste(out, collapse = "\n"), status = attr(out, "status") %||% 0L)
}

`%||%` <- function(a, b) if (is.null(a)) b else a

# The MNIST sample's first n_train training digits and a test split of test_size: quick training runs.
digits_slice <- function(n_train = 1500, test_size = 500) {
  d <- load_mnist(test_size = test_size, seed = 0)
  d$x_train <- d$x_train[seq_len(n_train), ]
  d$y_train <- d$y_train[seq_len(n_train)]
  d
}
