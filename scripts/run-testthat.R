# Run the R package's testthat suite against the installed package, printing progress and
# writing JUnit XML (argument 1) for the combined summary.
args <- commandArgs(trailingOnly = TRUE)
junit <- if (length(args)) args[[1]] else tempfile(fileext = ".xml")
library(testthat)
reporter <- MultiReporter$new(list(
  ProgressReporter$new(show_praise = FALSE),
  JunitReporter$new(file = junit)
))
res <- test_dir("tests/testthat", package = "gentlenn", load_package = "installed",
                reporter = reporter, stop_on_failure = FALSE)
df <- as.data.frame(res)
failed <- sum(df$failed > 0 | df$error)
cat(sprintf("\ntestthat: %d passed, %d failed, %d skipped\n", sum(df$passed), sum(df$failed) + sum(df$error),
            sum(df$skipped)))
quit(status = if (failed > 0) 1 else 0)
