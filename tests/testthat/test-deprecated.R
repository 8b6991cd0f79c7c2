test_that("0.1's names still work for one release, with a deprecation warning", {
  skip_if_no_core()
  expect_warning(old <- digits_8x8(), class = "lifecycle_warning_deprecated")
  expect_identical(old, load_digits_8x8())
  expect_warning(old <- mnist_sample(), class = "lifecycle_warning_deprecated")
  expect_identical(dim(old$x), c(5000L, 784L))
  d <- load_digits_8x8()
  expect_warning(fit <- network_classifier(d$x[1:300, ], d$y[1:300], hidden_nodes = 5, seed = 1,
                                           validation = list(x = d$x[301:400, ], y = d$y[301:400])),
                 "validation_data")
  expect_true("val_accuracy" %in% names(fit$history))
})

test_that("train_digits' history answers to 0.1's test_accuracy, with a deprecation warning", {
  skip_if_no_core()
  d <- load_mnist("sample", test_size = 100)
  d$x_train <- d$x_train[1:300, ]
  d$y_train <- d$y_train[1:300]
  run <- train_digits(d, hidden_nodes = 5, epochs = 2, seed = 0, progress = FALSE)
  expect_false("test_accuracy" %in% names(run$history))
  expect_warning(old <- run$history$test_accuracy, "val_accuracy", class = "lifecycle_warning_deprecated")
  expect_identical(old, run$history$val_accuracy)
  expect_warning(old2 <- run$history[["test_accuracy"]], class = "lifecycle_warning_deprecated")
  expect_identical(old2, run$history$val_accuracy)
  expect_identical(run$accuracy, run$history$val_accuracy[2])
  expect_identical(run$history[[2]], run$history$train_mse)
})
