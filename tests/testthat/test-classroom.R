# R's modelling conventions in network_classifier() (issue 21): model.frame/model.matrix, the
# blueprint predict() rebuilds new data with, the ways R users call a modelling function, and the
# feedback a fit gives. Expected values come from base R (model.matrix, log, table, mean) or from a
# second fit on data prepared by hand, never from the code under test.

iris_fit <- function(...) network_classifier(Species ~ ., data = iris, epochs = 30, seed = 1, ...)

test_that("transformations and interactions: the inputs are model.matrix()'s, in fit and predict", {
  skip_if_no_core()
  fit <- network_classifier(Species ~ log(Petal.Length) + Sepal.Width, data = iris, epochs = 30, seed = 1)
  by_hand <- network_classifier(cbind(lp = log(iris$Petal.Length), sw = iris$Sepal.Width), iris$Species,
                                epochs = 30, seed = 1)
  expect_identical(fit$network, by_hand$network)
  transformed <- cbind(log(iris$Petal.Length), iris$Sepal.Width)
  expect_identical(predict(fit, iris[150:1, ]), predict(by_hand, transformed[150:1, ]))
  inter <- network_classifier(Species ~ Petal.Length * Sepal.Width, data = iris, epochs = 2, seed = 1)
  expect_identical(inter$columns, c("Petal.Length", "Sepal.Width", "Petal.Length:Sepal.Width"))
  expect_equal(unname(fit$input_range$low), c(min(log(iris$Petal.Length)), min(iris$Sepal.Width)))
})

test_that("factors, logicals and characters are one-hot encoded with every level; a new level is classed", {
  skip_if_no_core()
  d <- transform(iris, wide = Sepal.Width > 3, shade = ifelse(Petal.Width > 1, "dark", "light"),
                 size = cut(Sepal.Length, 3, labels = c("s", "m", "l")))
  fit <- network_classifier(Species ~ Petal.Length + wide + shade + size, data = d, epochs = 30, seed = 1)
  expect_identical(fit$columns, c("Petal.Length", "wideFALSE", "wideTRUE", "shadedark", "shadelight", "sizes",
                                  "sizem", "sizel"))
  onehot <- cbind(d$Petal.Length, !d$wide, d$wide, d$shade == "dark", d$shade == "light",
                  outer(as.integer(d$size), 1:3, "==")) + 0
  by_hand <- network_classifier(onehot, d$Species, epochs = 30, seed = 1)
  expect_identical(fit$network, by_hand$network)
  expect_identical(predict(fit, d[c(5, 60, 120), ]), predict(by_hand, onehot[c(5, 60, 120), ]))
  # one row of "light": its level is looked up in the blueprint, not re-derived from newdata
  expect_identical(d$shade[5], "light")
  expect_equal(predict(fit, d[5, ], type = "raw"), predict(by_hand, onehot[5, , drop = FALSE], type = "raw"),
               ignore_attr = TRUE, tolerance = 0)
  odd <- d[1:3, ]
  odd$shade[2] <- "purple"
  err <- expect_error(predict(fit, odd), class = "gentlenn_new_level")
  expect_s3_class(err, "gentlenn_bad_argument")
  expect_match(conditionMessage(err), "`newdata`'s `shade` has the level(s) \"purple\"", fixed = TRUE)
  odd <- d[1:3, ]
  odd$size <- factor(c("s", "xl", "m"))
  expect_error(predict(fit, odd), "\"xl\"", class = "gentlenn_new_level")
  odd$size <- 1:3
  expect_error(predict(fit, odd), "`size`", class = "gentlenn_bad_argument")
  odd <- d[1:3, ]
  odd$Petal.Length <- as.character(odd$Petal.Length)
  expect_error(predict(fit, odd), "must be numeric", class = "gentlenn_bad_argument")
  dated <- transform(iris, day = as.Date("2024-01-01") + seq_len(150))
  expect_error(network_classifier(Species ~ day, data = dated), "as.numeric(day)", fixed = TRUE,
               class = "gentlenn_bad_argument")
})

test_that("subset, na.action and weights, as lm() takes them", {
  skip_if_no_core()
  sub <- network_classifier(Species ~ ., data = iris, subset = Species != "setosa", epochs = 5, seed = 1)
  same <- network_classifier(Species ~ ., data = droplevels(iris[51:150, ]), epochs = 5, seed = 1)
  expect_identical(sub$network, same$network)
  expect_identical(levels(predict(sub, iris[1:2, ])), c("versicolor", "virginica"))
  expect_identical(nobs(sub), 100L)
  holes <- iris
  holes$Sepal.Width[c(3, 70)] <- NA
  holes$Species[9] <- NA
  omitted <- network_classifier(Species ~ ., data = holes, epochs = 5, seed = 1)
  expect_identical(nobs(omitted), 147L)
  expect_identical(omitted$network, network_classifier(Species ~ ., data = holes[-c(3, 9, 70), ], epochs = 5,
                                                       seed = 1)$network)
  expect_output(print(omitted), "3 row(s) with missing values left out", fixed = TRUE)
  excluded <- network_classifier(Species ~ ., data = holes, na.action = na.exclude, epochs = 5, seed = 1)
  expect_identical(which(is.na(fitted(excluded))), c(3L, 9L, 70L))
  expect_identical(nrow(predict(excluded, type = "prob")), 150L)
  expect_error(network_classifier(Species ~ ., data = holes, na.action = na.fail), "missing values",
               class = "gentlenn_bad_argument")
  expect_error(network_classifier(iris[, 1:4][c(1, NA, 3:150), ], iris$Species), "rows 2",
               class = "gentlenn_bad_argument")
  for (call in list(quote(network_classifier(Species ~ ., data = iris, weights = rep(2, 150))),
                    quote(network_classifier(iris[, 1:4], iris$Species, weights = rep(2, 150))))) {
    err <- expect_error(eval(call), class = "gentlenn_bad_argument")
    expect_match(conditionMessage(err), "`weights` are not supported", fixed = TRUE)
    expect_identical(err$argument, "weights")
  }
})

test_that("formula by name, data piped in, and the data frame, matrix and default methods", {
  skip_if_no_core()
  positional <- iris_fit()
  expect_identical(network_classifier(formula = Species ~ ., data = iris, epochs = 30, seed = 1)$network,
                   positional$network)
  piped <- iris |> network_classifier(Species ~ ., epochs = 30, seed = 1)
  expect_identical(piped$network, positional$network)
  expect_identical(piped$call, quote(network_classifier(formula = Species ~ ., data = iris, epochs = 30, seed = 1)))
  expect_identical((iris |> network_classifier(formula = Species ~ ., epochs = 30, seed = 1))$network,
                   positional$network)
  frame <- network_classifier(iris[, 1:4], iris$Species, epochs = 30, seed = 1)
  matrix_fit <- network_classifier(as.matrix(iris[, 1:4]), iris$Species, epochs = 30, seed = 1)
  expect_identical(frame$network, positional$network)
  expect_identical(matrix_fit$network, positional$network)
  expect_identical(predict(frame, iris[, 5:1]), predict(positional, iris))
  with_factor <- network_classifier(transform(iris[, 3:4], wide = iris$Sepal.Width > 3), iris$Species, epochs = 2,
                                    seed = 1)
  expect_identical(with_factor$columns, c("Petal.Length", "Petal.Width", "wideFALSE", "wideTRUE"))
  for (bad in list(iris$Sepal.Length, as.list(iris[, 1:4]), "Species ~ .")) {
    expect_error(network_classifier(bad, iris$Species), "must be a formula (with `data`), a data frame or a numeric",
                 fixed = TRUE, class = "gentlenn_bad_argument")
  }
  expect_error(network_classifier(), "`x` is missing", class = "gentlenn_bad_argument")
  expect_error(network_classifier(data = iris), "`x` is missing", class = "gentlenn_bad_argument")
  expect_error(network_classifier(iris[, 1:4]), "`y` is missing", class = "gentlenn_bad_argument")
})

test_that("$call is kept, so update() refits with a setting or the formula changed", {
  skip_if_no_core()
  fit <- network_classifier(Species ~ ., data = iris, epochs = 30, seed = 1)
  expect_identical(fit$call, quote(network_classifier(formula = Species ~ ., data = iris, epochs = 30, seed = 1)))
  five <- update(fit, epochs = 5)
  expect_identical(five$epochs, 5L)
  expect_identical(five$network, network_classifier(Species ~ ., data = iris, epochs = 5, seed = 1)$network)
  fewer <- update(fit, . ~ . - Sepal.Width)
  expect_identical(fewer$columns, c("Sepal.Length", "Petal.Length", "Petal.Width"))
  m <- network_classifier(as.matrix(iris[, 1:4]), iris$Species, epochs = 2, seed = 3)
  expect_identical(update(m, hidden_nodes = 4)$network$hidden_nodes, 4L)
  expect_identical(deparse1(stats::formula(fit)), "Species ~ Sepal.Length + Sepal.Width + Petal.Length + Petal.Width")
  expect_error(stats::formula(m), "not fitted with a formula", class = "gentlenn_bad_argument")
})

test_that("type = \"raw\" is nnet's name for the outputs; a numeric response is refused in R's words", {
  skip_if_no_core()
  fit <- iris_fit()
  expect_identical(predict(fit, iris[1:5, ], type = "raw"), predict(fit, iris[1:5, ], type = "outputs"))
  expect_identical(predict(fit, type = "raw"), fit$fitted_outputs)
  err <- expect_error(network_classifier(mpg ~ ., data = mtcars), class = "gentlenn_bad_argument")
  expect_match(conditionMessage(err), "the response `mpg` is numeric", fixed = TRUE)
  expect_match(conditionMessage(err), "needs a factor of classes. Use factor(mpg)", fixed = TRUE)
  expect_error(network_classifier(cbind(mpg, cyl) ~ ., data = mtcars), "one column of class labels",
               class = "gentlenn_bad_argument")
  cyl <- network_classifier(cyl ~ ., data = mtcars, epochs = 30, seed = 1)  # whole numbers name classes
  expect_equal(cyl$classes, c(4, 6, 8))
})

test_that("print() shows the training accuracy; summary() the accuracy and predicted-against-actual table", {
  skip_if_no_core()
  fit <- iris_fit()
  predicted <- predict(fit, iris)
  accuracy <- mean(predicted == iris$Species)
  expect_output(print(fit), sprintf("training accuracy: %.4f (%d of 150 rows)", accuracy,
                                    sum(predicted == iris$Species)), fixed = TRUE)
  s <- summary(fit)
  expect_identical(s$accuracy, accuracy)
  expect_identical(unclass(s$confusion), unclass(table(predicted = predicted, actual = iris$Species)))
  expect_identical(names(dimnames(s$confusion)), c("predicted", "actual"))
  out <- capture.output(print(s))
  expect_true(any(grepl(sprintf("Training accuracy: %.4f", accuracy), out, fixed = TRUE)))
  expect_true(any(grepl("predicted (rows) against actual (columns)", out, fixed = TRUE)))
  expect_lt(length(out), 15L)  # no 30-row history
})

test_that("a fit that answers one class, or does no better than the most common class, warns", {
  skip_if_no_core()
  w <- expect_warning(network_classifier(Species ~ ., data = iris, learning_rate = 1e6, epochs = 3, seed = 1),
                      class = "gentlenn_poor_fit")
  expect_match(conditionMessage(w), "answers \"[a-z]+\" for all 150 training rows", perl = TRUE)
  expect_match(conditionMessage(w), "a smaller learning_rate (such as 0.1; it is 1e+06)", fixed = TRUE)
  expect_match(deparse1(conditionCall(w)), "^network_classifier(\\.formula)?\\(Species ~ \\.")  # the user's call
  set.seed(10)
  noise <- matrix(rnorm(400), 200)
  labels <- sample(rep(c("a", "b"), 100))
  w <- expect_warning(fit <- network_classifier(noise, labels, hidden_nodes = 2, learning_rate = 0.3, epochs = 2,
                                                seed = 10),
                      class = "gentlenn_poor_fit")
  expect_gt(length(unique(fit$fitted)), 1L)
  expect_lte(mean(fit$fitted == labels), 0.5)
  expect_match(conditionMessage(w), "no better than always answering the most common class (0.500)", fixed = TRUE)
  expect_match(conditionMessage(w), "more epochs", fixed = TRUE)
  expect_no_warning(iris_fit())
})

test_that("the issue's calls, each in a fresh R as a user types them", {
  skip_if_no_core()
  skip_if(identical(Sys.getenv("GENTLENN_IN_R_CHECK"), "1"), "run by the testthat step")
  res <- run_rscript(c(
    "library(gentlenn)",
    "f1 <- iris |> network_classifier(Species ~ ., epochs = 30, seed = 1)",  # the first call: no crash
    "f2 <- network_classifier(formula = Species ~ ., data = iris, epochs = 30, seed = 1)",
    "f3 <- network_classifier(Species ~ log(Petal.Length) + Sepal.Width, data = iris, na.action = na.omit, seed = 1)",
    "f4 <- update(f2, epochs = 5)",
    "stopifnot(identical(f1$network, f2$network), f4$epochs == 5L, f3$network$input_nodes == 2L)",
    "print(f2)",
    "p <- predict(f2, iris[1:2, ], type = 'raw')",
    "e <- tryCatch(network_classifier(mpg ~ ., data = mtcars), error = function(e) class(e)[1])",
    "cat('RAW', dim(p), 'NUMERIC', e, '\\n')"
  ), env = paste0("RETICULATE_PYTHON=", reticulate::py_config()$python), wd = tempdir())
  expect_equal(res$status, 0L, info = res$output)
  expect_match(res$output, "training accuracy: 0.9", fixed = TRUE)
  expect_match(res$output, "RAW 2 3 NUMERIC gentlenn_bad_argument", fixed = TRUE)
})
