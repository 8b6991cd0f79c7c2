test_that("0.1's names still work for one release, with a deprecation warning", {
  skip_if_no_core()
  expect_warning(old <- digits_8x8(), class = "deprecatedWarning")
  expect_identical(old, load_digits_8x8())
  expect_warning(old <- mnist_sample(), class = "deprecatedWarning")
  expect_identical(dim(old$x), c(5000L, 784L))
  d <- load_digits_8x8()
  expect_warning(fit <- network_classifier(d$x[1:300, ], d$y[1:300], hidden_nodes = 5, seed = 1,
                                           validation = list(x = d$x[301:400, ], y = d$y[301:400])),
                 "use `validation_data`")
  expect_true("val_accuracy" %in% names(fit$history))
})
