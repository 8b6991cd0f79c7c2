# Class labels and results crossing between R and the Python core (R/convert.R): every label keeps
# its type and value, or is refused or converted with a classed condition; objects come from their
# constructors. Expected values are written from each case (3e9 is 3000000000), not from the code.

# A 2-2-2 network whose output node 1 wins for the input (1, 0) and node 2 for (0, 1), saved by
# the Python core with `classes` (Python source text, so that ints stay Python ints).
save_python_classifier <- function(classes) {
  py <- reticulate::import("gentlenn", convert = FALSE)
  w <- matrix(c(5, -5, -5, 5), 2)
  net <- py$NeuralNetwork(2L, 2L, 2L, 0.3, weights = list(w, w))
  path <- tempfile(fileext = ".json")
  net$save(path, classes = reticulate::py_eval(classes, convert = FALSE), input_range = list(0, 1))
  path
}
two_inputs <- rbind(c(1, 0), c(0, 1), c(1, 0))

test_that("a Python int64 label 3000000000 reads as the double 3e9, in classes and predictions", {
  skip_if_no_core()
  path <- save_python_classifier("[3000000000, 1]")
  expect_true(any(grepl("3000000000,", readLines(path), fixed = TRUE)))  # an int in the file, not 3e9.0
  fit <- expect_silent(load_network(path))
  expect_identical(fit$classes, c(3e9, 1))
  expect_identical(predict(fit, two_inputs), c(3e9, 1, 3e9))
  expect_identical(predict(fit, two_inputs[1, , drop = FALSE]), 3e9)  # the classes' type, even for one row
  expect_identical(colnames(predict(fit, two_inputs, type = "prob")), c("3000000000", "1"))
})

test_that("64-bit labels: exact doubles up to 2^53, character beyond with a classed warning", {
  skip_if_no_core()
  fit <- expect_silent(load_network(save_python_classifier("[2**53, -2**53]")))
  expect_identical(fit$classes, c(9007199254740992, -9007199254740992))
  path <- save_python_classifier("[2**53 + 1, 7]")
  expect_warning(fit <- load_network(path), "2\\^53", class = "gentlenn_label_conversion")
  expect_identical(fit$classes, c("9007199254740993", "7"))
  expect_identical(predict(fit, two_inputs), c("9007199254740993", "7", "9007199254740993"))
})

test_that("a seed beyond R's integers in a network file becomes NA with a warning, never wraps", {
  skip_if_no_core()
  py <- reticulate::import("gentlenn", convert = FALSE)
  path <- tempfile(fileext = ".json")
  py$NeuralNetwork(2L, 2L, 2L, 0.3, random_state = 1L)$save(
    path, training = reticulate::py_eval("{'seed': 3000000000}", convert = FALSE))
  expect_warning(net <- load_network(path), "3000000000", class = "gentlenn_seed_conversion")
  expect_identical(net$seed, NA_integer_)
  expect_output(print(net), "2 inputs")
  py$NeuralNetwork(2L, 2L, 2L, 0.3, random_state = 1L)$save(
    path, training = reticulate::py_eval("{'seed': 2147483647}", convert = FALSE))
  expect_identical(load_network(path)$seed, 2147483647L)
})

test_that("Python float and string labels keep their type", {
  skip_if_no_core()
  fit <- load_network(save_python_classifier("[6.5, 1.25]"))
  expect_identical(fit$classes, c(6.5, 1.25))
  expect_identical(predict(fit, two_inputs), c(6.5, 1.25, 6.5))
  fit <- load_network(save_python_classifier("['cat', 'dog']"))
  expect_identical(predict(fit, two_inputs), c("cat", "dog", "cat"))
})

test_that("R labels beyond R's integers: classes and predictions keep the value, Python sees ints", {
  skip_if_no_core()
  x <- as.matrix(iris[1:100, 1:4])
  y <- rep(c(3e9, 2147483648), each = 50)
  fit <- network_classifier(x, y, epochs = 20, learning_rate = 0.5, seed = 1)
  expect_identical(fit$classes, c(2147483648, 3e9))
  expect_false(anyNA(fit$fitted))
  expect_true(all(predict(fit, x) %in% c(2147483648, 3e9)))
  expect_gt(mean(predict(fit, x) == y), 0.9)
  path <- tempfile(fileext = ".json")
  save_network(fit, path)
  expect_true(any(grepl("3000000000\\b(?!\\.)", readLines(path), perl = TRUE)))
  py <- reticulate::import("gentlenn", convert = FALSE)
  expect_identical(reticulate::py_to_r(py$estimator$load_classifier(path)$classes_$dtype$kind), "i")
  expect_identical(load_network(path)$classes, c(2147483648, 3e9))
  ints <- network_classifier(x, rep(c(.Machine$integer.max, -5L), each = 50), epochs = 1, seed = 1)
  expect_identical(ints$classes, c(-5L, 2147483647L))
})

test_that("labels that are not whole numbers are refused in R, never truncated", {
  skip_if_no_core()
  x <- as.matrix(iris[1:100, 1:4])
  err <- expect_error(network_classifier(x, rep(c(6.5, 6), each = 50), epochs = 1, seed = 1),
                      class = "gentlenn_bad_argument")
  expect_match(conditionMessage(err), "`y` holds numbers that are not whole (6.5 in rows 1, 2", fixed = TRUE)
  expect_match(conditionMessage(err), "factor(y)", fixed = TRUE)
  expect_error(network_classifier(x, rep(c(Inf, 1), each = 50), epochs = 1, seed = 1),
               class = "gentlenn_bad_argument")
  fit <- network_classifier(x, factor(rep(c(6.5, 6), each = 50)), epochs = 1, seed = 1)
  expect_identical(levels(predict(fit, x)), c("6", "6.5"))
})

test_that("Date and POSIXct labels become character with a classed warning, not a Python error", {
  skip_if_no_core()
  x <- as.matrix(iris[1:100, 1:4])
  days <- rep(as.Date(c("2024-01-01", "2024-06-30")), each = 50)
  expect_warning(fit <- network_classifier(x, days, epochs = 1, seed = 1), "Date labels",
                 class = "gentlenn_label_conversion")
  expect_identical(fit$classes, c("2024-01-01", "2024-06-30"))
  expect_true(all(predict(fit, x) %in% c("2024-01-01", "2024-06-30")))
  times <- rep(as.POSIXct(c("2024-01-01 10:00:00", "2024-06-30 12:00:00"), tz = "UTC"), each = 50)
  expect_warning(fit <- network_classifier(x, times, epochs = 1, seed = 1), "POSIXct labels",
                 class = "gentlenn_label_conversion")
  expect_identical(fit$classes, c("2024-01-01 10:00:00", "2024-06-30 12:00:00"))
})

test_that("train_digits with letter labels names the confusion matrix by the letters", {
  skip_if_no_core()
  d <- load_mnist(test_size = 300, seed = 0)
  d$x_train <- d$x_train[1:600, ]
  d$y_train <- letters[d$y_train[1:600] + 1]
  d$y_test <- letters[d$y_test + 1]
  run <- train_digits(d, hidden_nodes = 10, epochs = 1, seed = 1, progress = FALSE)
  expect_identical(dimnames(run$confusion), list(label = letters[1:10], predicted = letters[1:10]))
  expect_equal(sum(run$confusion), 300)
  expect_equal(as.vector(run$confusion["a", ]), as.vector(table(factor(
    predict(run$classifier, d$x_test[d$y_test == "a", ]), levels = letters[1:10]))))
  m <- run$misclassified
  expect_type(m$label, "character")
  expect_identical(m$label, d$y_test[m$index])
  expect_true(all(m$predicted %in% letters[1:10] & m$predicted != m$label))
})

test_that("split_digits keeps labels beyond R's integers and letters", {
  skip_if_no_core()
  x <- matrix(seq_len(80), 40)
  s <- split_digits(list(x = x, y = rep(c(3e9, 1), 20)), test_size = 10, seed = 0)
  expect_setequal(s$y_test, c(3e9, 1))
  expect_identical(sort(c(s$y_train, s$y_test)), rep(c(1, 3e9), each = 20))
  s <- split_digits(list(x = x, y = rep(c("a", "b"), 20)), test_size = 10, seed = 0)
  expect_identical(sort(c(s$y_train, s$y_test)), rep(c("a", "b"), each = 20))
})

test_that("labels_from_py: each numpy type lands on its R type", {
  skip_if_no_core()
  np <- reticulate::import("numpy", convert = FALSE)
  expect_identical(labels_from_py(np$array(list(3000000000, -3000000000), dtype = "int64")), c(3e9, -3e9))
  expect_identical(labels_from_py(np$array(list(7L, -2L), dtype = "int32")), c(7L, -2L))
  expect_identical(labels_from_py(np$array(list(4000000000), dtype = "uint32")), 4e9)
  expect_warning(big <- labels_from_py(reticulate::py_eval("__import__('numpy').array([2**64 - 1], dtype='uint64')",
                                                           convert = FALSE)),
                 class = "gentlenn_label_conversion")
  expect_identical(big, "18446744073709551615")
  expect_warning(huge <- labels_from_py(reticulate::py_eval("[2**64 + 5, 3]", convert = FALSE)),  # Python ints
                 class = "gentlenn_label_conversion")
  expect_identical(huge, c("18446744073709551621", "3"))
  expect_identical(labels_from_py(np$array(list(6.5, 1), dtype = "float32")), c(6.5, 1))
  expect_identical(labels_from_py(np$array(list(TRUE, FALSE))), c(TRUE, FALSE))
  expect_identical(labels_from_py(np$array(list("a", "b"), dtype = "object")), c("a", "b"))
  expect_identical(label_names(c(3e9, 6.5, 1)), c("3000000000", "6.5", "1"))
})

test_that("constructors set the class and refuse fields of the wrong type", {
  net <- new_gentlenn_network(2L, 3L, 1L, 0.3, "transpose", matrix(0, 3, 2), matrix(0, 1, 3))
  expect_s3_class(net, "gentlenn_network")
  expect_identical(net$seed, NA_integer_)
  expect_error(new_gentlenn_network(2L, 3L, 1L, 0.3, "transpose", matrix(0, 2, 3), matrix(0, 1, 3)), "`wih`")
  expect_error(new_gentlenn_network(2.5, 3L, 1L, 0.3, "transpose", matrix(0, 3, 2), matrix(0, 1, 3)), "input_nodes")
  hist <- data.frame(epoch = 1L, train_mse = 0.1, seconds = 0)
  clf <- new_gentlenn_classifier(net, classes = "a", label_levels = NULL, input_range = list(low = 0, high = 1),
                                 history = hist, learning_rate = 0.3, epochs = 1L, shuffle = TRUE, seed = 1L)
  expect_s3_class(clf, "gentlenn_classifier")
  expect_error(new_gentlenn_classifier(net, classes = c("a", "b"), label_levels = NULL,
                                       input_range = list(low = 0, high = 1), history = hist, learning_rate = 0.3,
                                       epochs = 1L, shuffle = TRUE, seed = 1L), "`classes`")
  expect_s3_class(new_gentlenn_history(hist), c("gentlenn_history", "data.frame"), exact = TRUE)
  expect_error(new_gentlenn_history(list(epoch = 1)), "`history`")
  table <- data.frame(epochs = 1, restart = 1L, seed = 1L, accuracy = 0.5, seconds = 1)
  expect_s3_class(new_gentlenn_experiment(table), c("gentlenn_experiment", "data.frame"), exact = TRUE)
  expect_error(new_gentlenn_experiment(table[, 1:2]), "restart, seed and accuracy")
  digits <- new_gentlenn_digits(matrix(0, 2, 4), matrix(0, 1, 4), 1:2, 3L)
  expect_s3_class(digits, "gentlenn_digits")
  expect_error(new_gentlenn_digits(matrix(0, 2, 4), matrix(0, 1, 4), 1L, 3L), "`y_train`")
  run <- new_gentlenn_run(clf, new_gentlenn_history(hist), as.table(matrix(1, 1, 1)), data.frame(), 0.5,
                          matrix(0, 1, 2), "a", 1L)
  expect_s3_class(run, "gentlenn_run")
  expect_error(new_gentlenn_run(clf, hist, as.table(matrix(1, 1, 1)), data.frame(), 0.5, matrix(0, 1, 2), "a", 1L),
               "`history`")
  expect_error(new_gentlenn_slope_summary(1, 2, "high", data.frame(), table(1), "r"), "`accuracy`")
  expect_error(new_gentlenn_playground("http://127.0.0.1:1/", 1, 2L, "log"), "port/pid")
})

test_that("objects built from Python results are exactly what the constructors build", {
  skip_if_no_core()
  fit <- slope_classifier(bugs, slope = 0.25, learning_rate = 0.5)
  expect_identical(fit, do.call(new_gentlenn_slope, unclass(fit)))
  expect_identical(fit$classes, c("caterpillar", "ladybird"))
  net <- neural_network(3, 2, 2, seed = 1)
  expect_identical(net, do.call(new_gentlenn_network, unclass(net)))
})
