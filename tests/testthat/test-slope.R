test_that("the book's slopes: unmoderated and with learning rate 0.5, both engines", {
  for (engine in c("r", "python")) {
    if (engine == "python") skip_if_no_core()
    f1 <- slope_classifier(bugs, slope = 0.25, learning_rate = 1, engine = engine)
    expect_equal(round(slope_history(f1)$slope, 4), c(0.3667, 2.9))
    f2 <- slope_classifier(bugs, slope = 0.25, learning_rate = 0.5, engine = engine)
    expect_equal(round(slope_history(f2)$slope, 4), c(0.3083, 1.6042))
    expect_equal(f2$slope, 1.6041666666666667, tolerance = 1e-15)
    expect_identical(f2$above, "caterpillar")
  }
})

test_that("shared fixtures: the plain-R engine", {
  for (case in read_cases()) expect_matches_case(fit_case(case, "r"), case)
})

test_that("shared fixtures: the Python engine through reticulate", {
  skip_if_no_core()
  for (case in read_cases()) expect_matches_case(fit_case(case, "python"), case)
})

test_that("both engines give identical histories and the same seed the same initial slope", {
  skip_if_no_core()
  d <- iris_two_class()
  a <- slope_classifier(d, seed = 11, epochs = 4, shuffle = TRUE, engine = "python")
  b <- slope_classifier(d, seed = 11, epochs = 4, shuffle = TRUE, engine = "r")
  expect_identical(a$history, b$history)
  set.seed(11)
  expect_identical(a$initial_slope, runif(1, 0, 2))
})

test_that("the R engine restores the caller's random state", {
  set.seed(1)
  before <- .Random.seed
  slope_classifier(iris_two_class(), seed = 5, engine = "r")
  expect_identical(.Random.seed, before)
})

test_that("print, summary and predict", {
  f <- slope_classifier(iris_two_class(), seed = 42, epochs = 5, shuffle = TRUE, engine = "r")
  expect_output(print(f), "slope: 1.8296 initially")
  s <- summary(f)
  expect_s3_class(s, "summary.gentlenn_slope")
  expect_equal(nrow(s$epochs), 5)
  expect_gte(s$accuracy, 0.95)
  expect_output(print(s), "training accuracy")
  newdata <- data.frame(sepal_length = c(0.9, 1.1), sepal_width = c(1.2, 0.8))
  expect_identical(predict(f, newdata), factor(c("setosa", "versicolor"), levels = c("setosa", "versicolor")))
  expect_equal(predict(f, newdata, type = "decision"), newdata$sepal_width - f$slope * newdata$sepal_length)
  expect_error(predict(f, data.frame(a = 1)), class = "gentlenn_bad_argument")
})

test_that("predict from the Python engine agrees with the R engine", {
  skip_if_no_core()
  d <- iris_two_class()
  a <- slope_classifier(d, seed = 3, engine = "python")
  b <- slope_classifier(d, seed = 3, engine = "r")
  expect_identical(predict(a, d), predict(b, d))
  expect_equal(predict(a, d, type = "decision"), predict(b, d, type = "decision"), tolerance = 1e-15)
})

test_that("slope_update from the core", {
  skip_if_no_core()
  u <- slope_update(0.25, x = 3, target = 1.1)
  expect_named(u, c("output", "error", "delta", "slope"))
  expect_equal(unname(u["slope"]), 0.25 + 0.35 / 3, tolerance = 1e-15)
  expect_error(slope_update(0.25, x = 0, target = 1), "`x` must not be 0", class = "gentlenn_bad_argument")
})

# Both engines: R checks the arguments first, so the messages are R's and the same.
bad_input_cases <- list(
  list(data = data.frame(x = c(0, 1), y = c(1, 3), c = c("a", "b")), args = list(),
       msg = "`x` column 'x' is 0 in rows 1; the update dA = L * E / x divides by x."),
  list(data = data.frame(x = c(NaN, 1), y = c(1, 3), c = c("a", "b")), args = list(),
       msg = "`x` column 'x' has missing or infinite values in rows 1."),
  list(data = data.frame(x = c(2, 1), y = c(1, Inf), c = c("a", "b")), args = list(),
       msg = "`y` column 'y' has missing or infinite values in rows 2."),
  list(data = data.frame(x = c(2, 1), y = c(1, 3), c = c("a", "a")), args = list(),
       msg = "`class` column 'c' must hold exactly two classes, got 1: \"a\"."),
  list(data = data.frame(x = c(2, 1, 3), y = c(1, 3, 2), c = c("a", "b", "c")), args = list(),
       msg = "exactly two classes, got 3"),
  list(data = bugs, args = list(learning_rate = 0), msg = "`learning_rate` must be a single number > 0, got 0."),
  list(data = bugs, args = list(learning_rate = NA), msg = "`learning_rate` must be a single number > 0, got NA."),
  list(data = bugs, args = list(margin = -1), msg = "`margin` must be a single number >= 0, got -1."),
  list(data = bugs, args = list(epochs = 0L), msg = "`epochs` must be a whole number from 1 to 100000, got 0."),
  list(data = bugs, args = list(above = "moth"),
       msg = "`above` must be NULL or one of the classes (caterpillar, ladybird), got \"moth\".")
)

test_that("bad input: a clear error naming the argument, the same in both engines", {
  for (case in bad_input_cases) {
    expect_error(do.call(slope_classifier, c(list(case$data), case$args, engine = "r")),
                 case$msg, fixed = TRUE, class = "gentlenn_bad_argument")
  }
  skip_if_no_core()
  for (case in bad_input_cases) {
    expect_error(do.call(slope_classifier, c(list(case$data), case$args, engine = "python")),
                 case$msg, fixed = TRUE, class = "gentlenn_bad_argument")
  }
})

test_that("bad input checked in R before either engine", {
  expect_error(slope_classifier(list(1, 2)), "`data` must be a data frame", class = "gentlenn_bad_argument")
  expect_error(slope_classifier(bugs[0, ]), "`data` is empty", class = "gentlenn_bad_argument")
  expect_error(slope_classifier(bugs, x = "weight"), "`x` must name a column", class = "gentlenn_bad_argument")
  expect_error(slope_classifier(bugs, x = "bug", y = "length", class = "width"), "must be numeric")
  expect_error(slope_classifier(bugs, seed = 1.5), "`seed`", class = "gentlenn_bad_argument")
  expect_error(slope_classifier(bugs, shuffle = NA), "`shuffle`", class = "gentlenn_bad_argument")
  bad <- bugs
  bad$bug[1] <- NA
  expect_error(slope_classifier(bad), "missing values", class = "gentlenn_bad_argument")
})
