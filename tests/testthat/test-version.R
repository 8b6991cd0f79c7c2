test_that("the Python core has the R package's version", {
  skip_if_no_core()
  py_version <- reticulate::py_to_r(reticulate::import("gentlenn", convert = FALSE)$`__version__`)
  expect_identical(py_version, as.character(utils::packageVersion("gentlenn")))
})

test_that("a mismatched Python core stops with a clear, classed error", {
  skip_if_no_core()
  fake <- file.path(tempfile("fakecore"), "gentlenn")
  dir.create(fake, recursive = TRUE)
  writeLines('__version__ = "0.0.1"', file.path(fake, "__init__.py"))
  res <- run_rscript(c(
    "library(gentlenn)",
    "r <- tryCatch(slope_classifier(bugs, slope = 0.25), gentlenn_version_mismatch = function(e) e)",
    "cat('CLASS', class(r)[1], '\\n'); cat(conditionMessage(r), '\\n')",
    "cat('AVAILABLE', isTRUE(gentlenn_available()), '\\n')"
  ), env = c(paste0("PYTHONPATH=", dirname(fake)),
             paste0("RETICULATE_PYTHON=", reticulate::py_config()$python)))
  expect_equal(res$status, 0L, info = res$output)
  expect_match(res$output, "CLASS gentlenn_version_mismatch")
  expect_match(res$output, "version 0.0.1 but the R package is version", fixed = TRUE)
  expect_match(res$output, "install_gentlenn()", fixed = TRUE)
  expect_match(res$output, "AVAILABLE FALSE")
})

test_that("a Python without the core stops with a clear, classed error", {
  skip_if_no_core()
  env_dir <- tempfile("bare-venv")
  python <- reticulate::py_config()$python
  status <- system2(python, c("-m", "venv", "--without-pip", env_dir), stdout = FALSE, stderr = FALSE)
  expect_equal(status, 0L)
  res <- run_rscript(c(
    "library(gentlenn)",
    "r <- tryCatch(slope_update(0.25, 3, 1.1), gentlenn_core_missing = function(e) e)",
    "cat('CLASS', class(r)[1], '\\n'); cat(conditionMessage(r), '\\n')"
  ), env = paste0("RETICULATE_PYTHON=", file.path(env_dir, "bin", "python")))
  expect_equal(res$status, 0L, info = res$output)
  expect_match(res$output, "CLASS gentlenn_core_missing")
  expect_match(res$output, "is not installed in the Python that reticulate uses", fixed = TRUE)
})

test_that("Python exceptions arrive classed, with the Python message and type", {
  skip_if_no_core()
  path <- tempfile(fileext = ".json")
  writeLines('{"format": "other"}', path)
  err <- expect_error(load_network(path), class = "gentlenn_file_error")
  expect_identical(conditionMessage(err), sprintf("network file '%s' is not a gentlenn-network file", path))
  expect_identical(err$python_class, "FileFormatError")
  expect_s3_class(err, "gentlenn_file_error")
  expect_s3_class(err, "gentlenn_error")
})

test_that("install_gentlenn() names a bad `extras` in R's words, before touching any environment", {
  expect_error(install_gentlenn(extras = "gpu"),
               "`extras` must be some of \"fast\", \"playground\", \"dask\", got \"gpu\"",
               fixed = TRUE, class = "gentlenn_bad_argument")
  expect_error(install_gentlenn(extras = NA_character_), "`extras`", class = "gentlenn_bad_argument")
})
