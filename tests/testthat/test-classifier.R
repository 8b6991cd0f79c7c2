test_that("network_classifier on 8x8 digits: history, predict types, factors kept", {
  skip_if_no_core()
  d <- load_digits_8x8()
  expect_equal(dim(d$x), c(1797L, 64L))
  s <- split_digits(d, test_size = 400, seed = 0)
  y <- factor(s$y_train, levels = 0:9, labels = paste0("d", 0:9))
  fit <- network_classifier(s$x_train, y, hidden_nodes = 40, learning_rate = 0.2, epochs = 3,
                            input_range = c(0, 16), seed = 1,
                            validation_data = list(x = s$x_test, y = paste0("d", s$y_test)))
  expect_s3_class(fit, "gentlenn_classifier")
  expect_named(fit$history, c("epoch", "train_mse", "seconds", "val_accuracy"))
  pred <- predict(fit, s$x_test)
  expect_s3_class(pred, "factor")
  expect_identical(levels(pred), levels(y))
  acc <- mean(as.character(pred) == paste0("d", s$y_test))
  expect_equal(acc, fit$history$val_accuracy[3])
  expect_gt(acc, 0.85)
  p <- predict(fit, s$x_test[1:5, ], type = "prob")
  expect_equal(unname(rowSums(p)), rep(1, 5))
  expect_identical(colnames(p), paste0("d", 0:9))
  expect_output(print(fit), "64 -> 40 -> 10")
})

test_that("the same seed gives the same classifier from R as from Python", {
  skip_if_no_core()
  d <- load_digits_8x8()
  fit <- network_classifier(d$x[1:300, ], d$y[1:300], hidden_nodes = 10, epochs = 2,
                            input_range = c(0, 16), seed = 5)
  py <- reticulate::import("gentlenn")
  clf <- py$NeuralNetworkClassifier(hidden_nodes = 10L, epochs = 2L, input_range = c(0, 16),
                                    random_state = 5L)
  clf$fit(d$x[1:300, ], d$y[1:300])
  expect_identical(fit$network$wih, clf$network_$wih)
})

test_that("network_classifier errors", {
  skip_if_no_core()
  d <- load_digits_8x8()
  expect_error(network_classifier(d$x[1:10, ], d$y[1:9]), "`y` has 9 labels for 10 rows",
               class = "gentlenn_bad_argument")
  expect_error(network_classifier(d$x[1:10, ], d$y[1:10], hidden_nodes = 0),
               "`hidden_nodes` must be a whole number from 1 to 100000, got 0.", fixed = TRUE,
               class = "gentlenn_bad_argument")
  expect_error(network_classifier(d$x[1:10, ], c(NA, d$y[2:10])), "`y` has missing labels (NA) in rows 1.",
               fixed = TRUE, class = "gentlenn_bad_argument")
  expect_error(network_classifier(d$x[1:10, ], d$y[1:10], validation_data = list(1)), "`validation_data`",
               class = "gentlenn_bad_argument")
})
