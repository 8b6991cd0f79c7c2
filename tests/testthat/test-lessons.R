# The course's lessons from R: the same numbers as the Python core for the same seed, R's shapes
# (rows and restarts from 1), the lessons' claims, and errors in R's words.

test_that("preparation_experiment: R's table equals Python's, and the lesson's claims hold", {
  skip_if_no_core()
  d <- digits_slice()
  p <- preparation_experiment(d, inputs = c("raw", "zero_one", "book"), weights = c("zero", "book"),
                              restarts = 1, epochs = 2, hidden_nodes = 20, seed = 3, progress = FALSE)
  expect_s3_class(p, "gentlenn_preparation")
  expect_equal(nrow(p), 3 * 2 * 2 * 3)
  py <- reticulate::import("gentlenn")
  pd <- py$data$DigitData(d$x_train, d$x_test, reticulate::np_array(d$y_train), reticulate::np_array(d$y_test))
  pt <- py$lessons$preparation_experiment(pd, weights = list("zero", "book"), restarts = 1L, epochs = 2L,
                                          hidden_nodes = 20L, random_state = 3L)
  expect_identical(p$accuracy, as.vector(pt$accuracy$to_numpy()))
  expect_identical(p$mean_abs_who, as.vector(pt$mean_abs_who$to_numpy()))
  expect_identical(unique(p$restart), 1L)
  last <- p[p$epoch == 2, ]
  expect_true(all(last$hidden_spread[last$weights == "zero"] < 1e-9))  # rounding only (see ?preparation_experiment)
  expect_true(all(last$blank_weight_change[last$inputs == "zero_one"] == 0))
  expect_true(all(last$blank_weight_change[last$inputs == "book" & last$weights == "book"] > 0))
  raw <- last[last$inputs == "raw" & last$weights == "book", ]
  book <- last[last$inputs == "book" & last$weights == "book", ]
  expect_true(all(raw$saturated > book$saturated))
  s <- summary(p)
  expect_named(s, c("inputs", "targets", "weights", "accuracy", "saturated", "mean_abs_wih", "mean_abs_who",
                    "restarts"))
  expect_false(is.unsorted(rev(s$accuracy)))
  expect_output(print(p), "12 preparation")
  expect_s3_class(plot(p), "ggplot")
  expect_error(preparation_experiment(d, inputs = "centred"), "`inputs` must be NULL or a vector of values",
               class = "gentlenn_bad_argument")
})

test_that("preparation_experiment: the one sweep runner's results file, n_jobs and scheduler pass through", {
  skip_if_no_core()
  d <- digits_slice(n_train = 600, test_size = 500)
  path <- tempfile(fileext = ".csv")
  on.exit(unlink(path))
  run <- function(inputs, ...) {
    preparation_experiment(d, inputs = inputs, targets = "book", weights = c("zero", "book"), restarts = 2, epochs = 1,
                           hidden_nodes = 10, seed = 2, progress = FALSE, ...)
  }
  part <- run("book", results = path)
  expect_equal(nrow(utils::read.csv(path)), 2 * 2 * 2)  # weights x restarts runs, a row per epoch (0 and 1)
  whole <- run(c("raw", "book"), results = path, n_jobs = 2)  # resumes: only the raw runs are new
  rows <- utils::read.csv(path)
  expect_equal(nrow(rows), 2 * 2 * 2 * 2)
  expect_true(all(rows$vary == "preparation"))
  fresh <- run(c("raw", "book"))
  for (col in c("accuracy", "mean_abs_wih", "mean_abs_who", "saturated", "hidden_spread")) {
    expect_identical(whole[[col]], fresh[[col]])  # read back to the last bit: the same table as a fresh run
    expect_identical(whole[[col]][whole$inputs == "book"], part[[col]])
  }
  expect_identical(whole$restart, fresh$restart)
  expect_identical(unique(whole$restart), 1:2)
  not_a_scheduler <- tempfile(fileext = ".json")
  on.exit(unlink(not_a_scheduler), add = TRUE)
  writeLines('{"type": "something else"}', not_a_scheduler)
  expect_error(run("book", scheduler = not_a_scheduler), "`scheduler` must be .*scheduler file",
               class = "gentlenn_bad_argument")
  expect_error(run("book", scheduler = 3), "`scheduler` must be a single string", class = "gentlenn_bad_argument")
  expect_error(run("book", results = NA_character_), "`results` must be a single string",
               class = "gentlenn_bad_argument")
  expect_error(run("book", n_jobs = 1e5), class = "gentlenn_limit")
})

test_that("gradient_check: finite differences agree with the derivation; the book's output update is the step", {
  skip_if_no_core()
  net <- neural_network(4, 3, 2, seed = 5)
  g <- gradient_check(net, c(0.9, 0.1, 0.8, 0.3), c(0.01, 0.99))
  expect_equal(nrow(g), 4 * 3 + 3 * 2)
  expect_lt(max(g$relative_error), 1e-6)
  who <- g[g$layer == "who", ]
  expect_equal(who$book_update, who$descent_step, tolerance = 1e-12)
  expect_identical(range(who$to_node), c(1L, 2L))
  # the hidden layer's book update, recomputed in plain R: the raw errors sent back through t(who)
  x <- c(0.9, 0.1, 0.8, 0.3)
  h <- 1 / (1 + exp(-net$wih %*% x))
  o <- 1 / (1 + exp(-net$who %*% h))
  book_hidden <- 0.3 * ((t(net$who) %*% (c(0.01, 0.99) - o)) * h * (1 - h)) %*% t(x)
  wih <- g[g$layer == "wih", ]
  expect_equal(wih$book_update, book_hidden[cbind(wih$to_node, wih$from_node)], tolerance = 1e-12)
  expect_error(gradient_check(net, x, c(0, 1)), "strictly between 0 and 1", class = "gentlenn_bad_argument")
  expect_error(gradient_check(list(), x, c(0.5, 0.5)), "`network` must be a gentlenn_network",
               class = "gentlenn_bad_argument")
})

test_that("error_surface: two valleys, descents in both, the same as Python's, plots and a GIF", {
  skip_if_no_core()
  s <- error_surface(seed = 0)
  expect_s3_class(s, "gentlenn_error_surface")
  expect_identical(s$minima$valley, c(0L, 1L))
  expect_setequal(s$ends$valley, c(0L, 1L))
  expect_identical(range(s$paths$start), c(1L, 6L))
  py <- reticulate::import("gentlenn", convert = FALSE)$lessons$error_surface(random_state = 0L)
  expect_identical(s$ends$valley, as.integer(reticulate::py_to_r(py$ends$valley$to_numpy())))
  expect_identical(s$error, reticulate::py_to_r(py$error))
  # one grid value against a direct evaluation in R
  h <- 1 / (1 + exp(-s$w1[20] * s$data$x))
  expect_equal(s$error[20, 70], sum((s$data$t - 1 / (1 + exp(-s$w2[70] * h)))^2), tolerance = 1e-12)
  expect_output(print(s), "descents ending in each valley: 0: .*, 1: ")
  expect_s3_class(plot(s), "ggplot")
  f <- tempfile(fileext = ".png")
  grDevices::png(f)
  plot(s, type = "3d")
  grDevices::dev.off()
  expect_gt(file.size(f), 1000)
  gif <- animate_error_surface(error_surface(starts = 2, steps = 30, seed = 1), tempfile(fileext = ".gif"),
                               max_frames = 4)
  expect_identical(readBin(gif, "raw", 3), charToRaw("GIF"))
  set.seed(11)
  a <- error_surface(starts = 2, steps = 10)
  set.seed(11)
  expect_identical(error_surface(starts = 2, steps = 10)$paths, a$paths)
  expect_error(error_surface(limits = c(2, 1)), "`limits` must be c(low, high), two finite numbers with low < high",
               fixed = TRUE, class = "gentlenn_bad_argument")
})

test_that("output_table: the slide's 5, 0 and 9 with rows counted from 1", {
  skip_if_no_core()
  d <- digits_slice()
  run <- train_digits(d, hidden_nodes = 20, learning_rate = 0.2, seed = 2, progress = FALSE)
  o <- output_table(run)
  expect_s3_class(o, "gentlenn_output_table")
  expect_identical(o$row, c(match(5, d$y_test), match(0, d$y_test), match(9, d$y_test)))
  expect_identical(o$label, c(5L, 0L, 9L))
  outs <- predict(run$classifier, d$x_test[o$row, ], type = "outputs")
  expect_equal(unname(as.matrix(o[as.character(0:9)])), unname(outs), tolerance = 1e-15)
  expect_identical(o$answer, as.integer(colnames(outs)[max.col(outs)]))
  expect_equal(o$confidence, apply(outs, 1, max) / rowSums(outs))
  expect_identical(output_table(run, rows = c(3, 7))$row, c(3L, 7L))
  expect_error(output_table(run, rows = 501), "`rows` must be whole numbers between 1 and 500",
               class = "gentlenn_bad_argument")
  fit <- network_classifier(Species ~ ., data = iris, hidden_nodes = 4, epochs = 20, seed = 1)
  oi <- output_table(fit, iris[, 1:4], iris$Species, labels = c("setosa", "virginica"))
  expect_identical(oi$row, c(1L, 101L))
  expect_s3_class(oi$answer, "factor")
  expect_s3_class(plot(o), "ggplot")
})
