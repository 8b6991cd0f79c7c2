small_digits <- function() {
  d <- load_mnist(test_size = 1000, seed = 0)
  d$x_train <- d$x_train[1:1500, ]
  d$y_train <- d$y_train[1:1500]
  d$x_test <- d$x_test[1:300, ]
  d$y_test <- d$y_test[1:300]
  d
}

test_that("load_mnist gives the stratified sample", {
  skip_if_no_core()
  d <- load_mnist()
  expect_s3_class(d, "gentlenn_digits")
  expect_equal(dim(d$x_train), c(4000L, 784L))
  expect_equal(as.vector(table(d$y_test)), rep(100L, 10))
  expect_output(print(d), "4000 training and 1000 test images")
  expect_error(load_mnist("mnist", cache_dir = tempfile()), "use `download = TRUE`", fixed = TRUE,
               class = "gentlenn_file_error")
})

test_that("train_digits: history, confusion, misclassified, progress bar", {
  skip_if_no_core()
  d <- small_digits()
  expect_output(run <- train_digits(d, hidden_nodes = 30, epochs = 2, seed = 1, progress = TRUE), "100%")
  expect_s3_class(run, "gentlenn_run")
  expect_named(run$history, c("epoch", "train_mse", "seconds", "val_accuracy"))
  expect_equal(sum(run$confusion), 300)
  expect_equal(sum(diag(run$confusion)) / 300, run$accuracy)
  expect_equal(nrow(run$misclassified), 300 - sum(diag(run$confusion)))
  m <- run$misclassified[1, ]
  expect_identical(d$y_test[m$index], m$label)
  expect_output(print(run), "test accuracy")
  expect_s3_class(plot(run, "confusion"), "ggplot")
  expect_s3_class(plot(run, "misclassified"), "ggplot")
  expect_s3_class(plot(run, "backquery"), "ggplot")
})

test_that("train_digits from R equals train_digits in Python", {
  skip_if_no_core()
  d <- small_digits()
  run <- train_digits(d, hidden_nodes = 20, learning_rate = 0.2, epochs = 2, seed = 3, progress = FALSE)
  py <- reticulate::import("gentlenn")
  np <- reticulate::np_array
  pd <- py$data$DigitData(d$x_train, d$x_test, np(d$y_train), np(d$y_test))
  pr <- py$experiments$train_digits(pd, hidden_nodes = 20L, learning_rate = 0.2, epochs = 2L, random_state = 3L)
  expect_identical(run$history$val_accuracy, as.vector(pr$history$val_accuracy$to_numpy()))
  expect_identical(run$classifier$network$who, pr$classifier$network_$who)
})

test_that("experiments: same table with one or two jobs; summary and plot", {
  skip_if_no_core()
  d <- small_digits()
  a <- digits_experiment(d, "hidden_nodes", c(5, 30), restarts = 2, seed = 0)
  b <- digits_experiment(d, "hidden_nodes", c(5, 30), restarts = 2, n_jobs = 2, seed = 0)
  expect_s3_class(a, "gentlenn_experiment")
  expect_named(a, c("hidden_nodes", "restart", "seed", "accuracy", "seconds"))
  expect_identical(a$accuracy, b$accuracy)
  s <- summary(a)
  expect_equal(s$restarts, c(2L, 2L))
  expect_gt(s$mean[2], s$mean[1])
  expect_s3_class(plot(a), "ggplot")
  e <- digits_experiment(d, "epochs", c(1, 2), restarts = 1, hidden_nodes = 10, seed = 0)
  run2 <- train_digits(d, hidden_nodes = 10, epochs = 2, seed = 0, progress = FALSE)
  expect_identical(e$accuracy, run2$history$val_accuracy)
  expect_identical(a$restart, c(1L, 2L, 1L, 2L))  # counted from 1 in R
  expect_error(digits_experiment(d, "momentum"), "`vary` must be one of", class = "gentlenn_bad_argument")
  expect_error(digits_experiment(list(1)), "`data` must be a list", class = "gentlenn_bad_argument")
})

test_that("backquery images and own images", {
  skip_if_no_core()
  net <- neural_network(784, 10, 10, seed = 1)
  imgs <- backquery_images(net)
  expect_equal(dim(imgs), c(10L, 28L, 28L))
  expect_equal(range(imgs), c(0.01, 0.99), tolerance = 1e-12)
  skip_if_not_installed("magick")
  d <- load_mnist()
  digit <- matrix(d$x_test[1, ], 28, 28, byrow = TRUE)
  path <- tempfile(fileext = ".png")
  magick::image_write(magick::image_read(as.raster((255 - digit) / 255)), path)  # dark ink on light paper
  x <- read_digit_images(path)
  expect_equal(dim(x), c(1L, 784L))
  expect_gt(stats::cor(as.vector(x), d$x_test[1, ]), 0.95)
  # the same digit small in a corner of a large page: centred the MNIST way it reads like the original
  page <- matrix(1, 280, 280)
  page[201:256, 11:66] <- ((255 - digit) / 255)[rep(1:28, each = 2), rep(1:28, each = 2)]
  small <- tempfile(fileext = ".png")
  magick::image_write(magick::image_read(as.raster(page)), small)
  centred <- read_digit_images(small, center = TRUE)
  expect_gt(stats::cor(as.vector(centred), d$x_test[1, ]), 0.6)
  expect_lt(stats::cor(as.vector(read_digit_images(small)), d$x_test[1, ]), 0.2)
  expect_error(read_digit_images(small, center = NA), "`center`", class = "gentlenn_bad_argument")
  bad <- tempfile(fileext = ".png")
  writeLines("not an image", bad)
  expect_error(read_digit_images(bad), "cannot be read as an image", class = "gentlenn_file_error")
  expect_error(read_digit_images(1), "`paths`", class = "gentlenn_bad_argument")
})
