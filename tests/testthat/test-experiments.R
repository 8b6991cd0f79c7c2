# experiments.R: the summary of a sweep's table is plain R (a saved table prints without Python);
# the core's summarise_experiment() is the independent engine it is checked against.

test_that("summary() of an experiment table needs no Python and equals the core's summary", {
  table <- structure(data.frame(
    learning_rate = c(0.1, 0.1, 0.1, 0.3, 0.3, 0.3), restart = rep(1:3, 2), seed = rep(0:2, 2),
    accuracy = c(0.90, 0.92, 0.91, 0.85, 0.80, 0.86), seconds = 1
  ), class = c("gentlenn_experiment", "data.frame"))
  s <- summary(table)
  expect_identical(names(s), c("learning_rate", "mean", "sd", "min", "max", "restarts"))
  expect_equal(s$mean, c(0.91, 0.8366666666666667))
  expect_equal(s$sd, c(stats::sd(c(0.90, 0.92, 0.91)), stats::sd(c(0.85, 0.80, 0.86))))
  expect_identical(s$restarts, c(3L, 3L))
  skip_if_no_core()
  py <- gentlenn:::core()
  core_summary <- gentlenn:::py_frame(py$experiments$summarise_experiment(gentlenn:::frame_to_py(
    as.data.frame(unclass(table)))))
  expect_equal(s$mean, core_summary$mean)
  expect_equal(s$sd, core_summary$std)
  expect_equal(s$max, core_summary$max)
})
