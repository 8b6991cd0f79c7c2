# An R user's first hour: the README's snippets verbatim, formulas, set.seed(), caret beside
# gentlenn, predict() with reordered columns and NA rows, and the errors a student meets.

readme_r_blocks <- function() {
  readme <- test_path("..", "..", "README.md")
  skip_if(!file.exists(readme), "the README is in the checkout, not in the built package")
  lines <- readLines(readme)
  section <- lines[seq(grep("^## R and RStudio", lines), grep("^## Speed", lines) - 1L)]
  starts <- which(section == "```r")
  ends <- which(section == "```")
  lapply(starts, function(s) section[(s + 1L):(min(ends[ends > s]) - 1L)])
}

test_that("the README's R snippets run verbatim in a fresh R", {
  skip_if_no_core()
  skip_if(identical(Sys.getenv("GENTLENN_IN_R_CHECK"), "1"), "run by the testthat step")
  blocks <- readme_r_blocks()
  expect_length(blocks, 3L)
  res <- run_rscript(c("pdf(NULL)", unlist(blocks), "cat('\\nREADME DONE\\n')"),
                     env = paste0("RETICULATE_PYTHON=", reticulate::py_config()$python), wd = tempdir())
  expect_equal(res$status, 0L, info = res$output)
  expect_match(res$output, "README DONE")
  expect_match(res$output, "0.3083333 1.6041667", fixed = TRUE)  # the book's slopes
  expect_match(res$output, "<gentlenn classifier> 4 -> 100 -> 3", fixed = TRUE)
  expect_match(res$output, "<gentlenn training run> 784 -> 100 -> 10", fixed = TRUE)
})

test_that("formula interfaces", {
  skip_if_no_core()
  fit <- network_classifier(Species ~ ., data = iris, epochs = 30, seed = 1)
  expect_gte(mean(predict(fit) == iris$Species), 0.9)  # the defaults learn on raw iris
  expect_identical(fit$columns, names(iris)[1:4])
  small <- network_classifier(Species ~ Petal.Length + Petal.Width, data = iris, epochs = 30, seed = 1)
  expect_identical(small$network$input_nodes, 2L)
  expect_gte(mean(fitted(small) == iris$Species), 0.9)
  s <- slope_classifier(Species ~ Sepal.Length + Sepal.Width, data = droplevels(iris[1:100, ]), seed = 1)
  expect_identical(unname(s$vars), c("Sepal.Length", "Sepal.Width", "Species"))
  direct <- slope_classifier(droplevels(iris[1:100, ]), x = "Sepal.Length", y = "Sepal.Width", class = "Species",
                             seed = 1)
  expect_identical(s$slope, direct$slope)
  expect_identical(network_classifier(Species ~ log(Petal.Length), data = iris, epochs = 2, seed = 1)$columns,
                   "log(Petal.Length)")
  expect_error(network_classifier(Species ~ Wings, data = iris), "no column(s) Wings", fixed = TRUE,
               class = "gentlenn_bad_argument")
  expect_error(slope_classifier(Species ~ Sepal.Length, data = iris), "class ~ x + y", fixed = TRUE,
               class = "gentlenn_bad_argument")
})

test_that("set.seed() reproduces every random choice, in both slope engines alike", {
  skip_if_no_core()
  d <- iris_two_class()
  set.seed(1)
  a <- slope_classifier(d, epochs = 3, shuffle = TRUE)
  set.seed(1)
  b <- slope_classifier(d, epochs = 3, shuffle = TRUE, engine = "r")
  expect_identical(a$seed, b$seed)
  expect_equal(slope_history(a)$slope, slope_history(b)$slope, tolerance = 1e-15)
  expect_output(print(a), sprintf("seed %d", a$seed))
  set.seed(2)
  n1 <- neural_network(4, 3, 2)
  c1 <- network_classifier(iris[, 1:4], iris$Species, hidden_nodes = 5)
  set.seed(2)
  n2 <- neural_network(4, 3, 2)
  c2 <- network_classifier(iris[, 1:4], iris$Species, hidden_nodes = 5)
  expect_identical(n1, n2)
  expect_identical(c1$network, c2$network)
  expect_false(identical(n1$wih, neural_network(4, 3, 2)$wih))  # the stream moved on
  digits <- load_mnist()
  keep <- c(1:100, 2001:2100)
  small <- list(x_train = digits$x_train[keep, ], x_test = digits$x_test[1:50, ],
                y_train = digits$y_train[keep], y_test = digits$y_test[1:50])
  set.seed(3)
  r1 <- train_digits(small, hidden_nodes = 5, progress = FALSE)
  e1 <- digits_experiment(small, "hidden_nodes", 3, restarts = 2)
  set.seed(3)
  r2 <- train_digits(small, hidden_nodes = 5, progress = FALSE)
  e2 <- digits_experiment(small, "hidden_nodes", 3, restarts = 2)
  expect_identical(r1$classifier$network, r2$classifier$network)
  expect_identical(e1[names(e1) != "seconds"], e2[names(e2) != "seconds"])
})

test_that("no export masks base, stats, utils, graphics, caret, dplyr or parsnip", {
  skip_if_not_installed("caret")
  skip_if_not_installed("dplyr")
  ours <- getNamespaceExports("gentlenn")
  # parsnip is not packaged by Debian: its exported verbs, from its NAMESPACE
  parsnip <- c("fit", "fit_xy", "fit_control", "predict_class", "predict_classprob", "predict_raw",
               "predict_numeric", "multi_predict", "translate", "varying", "set_engine", "set_mode",
               "set_args", "mlp", "linear_reg", "logistic_reg", "rand_forest", "boost_tree", "augment",
               "tidy", "update", "required_pkgs", "null_model", "show_engines", "extract_fit_engine")
  others <- c(parsnip, unlist(lapply(c("base", "stats", "utils", "graphics", "caret", "dplyr"),
                                     function(p) suppressWarnings(getNamespaceExports(p)))))
  expect_identical(intersect(ours, others), character())
})

test_that("caret attached before or after gentlenn: both packages' examples run", {
  skip_if_no_core()
  skip_if_not_installed("caret")
  skip_if(identical(Sys.getenv("GENTLENN_IN_R_CHECK"), "1"), "run by the testthat step")
  for (order in list(c("caret", "gentlenn"), c("gentlenn", "caret"))) {
    res <- run_rscript(c(
      "pdf(NULL)",
      sprintf("suppressMessages(library(%s))", order),
      "m <- train(Sepal.Length ~ Sepal.Width + Petal.Length, data = iris, method = 'lm',",
      "           trControl = trainControl(method = 'cv', number = 3))",
      "stopifnot(inherits(m, 'train'))",
      "net <- train_network(neural_network(3, 2, 2, seed = 1), c(0.9, 0.1, 0.8), c(0.99, 0.01))",
      "for (topic in c('network_classifier', 'slope_classifier', 'train_network', 'query_network'))",
      "  example(topic, package = 'gentlenn', character.only = TRUE, echo = FALSE)",
      "fit <- network_classifier(Species ~ ., data = iris, epochs = 30, seed = 1)",
      "stopifnot(mean(predict(fit) == iris$Species) >= 0.9)",
      paste("cat('masked:', paste(intersect(getNamespaceExports('gentlenn'), getNamespaceExports('caret')),",
            "collapse = ' '), '\\n')"),
      "cat('BOTH OK\\n')"
    ), env = paste0("RETICULATE_PYTHON=", reticulate::py_config()$python), wd = tempdir())
    expect_equal(res$status, 0L, info = res$output)
    expect_match(res$output, "masked:  \nBOTH OK", fixed = TRUE)
  }
})

test_that("predict() matches columns by name, keeps factor levels, gives NA for NA rows", {
  skip_if_no_core()
  fit <- network_classifier(Species ~ ., data = iris, epochs = 30, seed = 1)
  expect_identical(predict(fit, iris[, 4:1]), predict(fit, iris))
  p <- predict(fit, iris)
  expect_s3_class(p, "factor")
  expect_identical(levels(p), levels(iris$Species))
  with_na <- iris[1:6, ]
  with_na$Petal.Width[2] <- NA
  with_na$Sepal.Length[5] <- NA
  q <- predict(fit, with_na)
  expect_identical(which(is.na(q)), c(2L, 5L))
  expect_identical(q[-c(2, 5)], p[c(1, 3, 4, 6)])
  prob <- predict(fit, with_na, type = "prob")
  expect_true(all(is.na(prob[c(2, 5), ])) && !anyNA(prob[-c(2, 5), ]))
  expect_error(predict(fit, iris[, 1:3]), "lacks the training column(s) Petal.Width", fixed = TRUE,
               class = "gentlenn_bad_argument")
  expect_equal(predict(fit, type = "prob"), predict(fit, iris, type = "prob"), ignore_attr = TRUE)
  expect_identical(predict(fit), fitted(fit))
  expect_identical(nobs(fit), 150L)
  expect_named(coef(fit), c("wih", "who"))
  expect_identical(as.data.frame(fit), fit$history)
  expect_output(print(summary(fit)), "training rows")

  d <- iris_two_class()
  for (engine in c("python", "r")) {
    s <- slope_classifier(d, seed = 4, engine = engine)
    nd <- d[c(2, 1, 60), c(2, 1)]
    nd$sepal_width[2] <- NA
    ps <- predict(s, nd)
    expect_identical(is.na(ps), c(FALSE, TRUE, FALSE))
    expect_identical(as.character(ps[-2]), as.character(predict(s, d[c(2, 60), ])))
    expect_identical(levels(ps), c("setosa", "versicolor"))
  }
})

test_that("a declared input range that does not fit warns with a class", {
  skip_if_no_core()
  digits <- load_digits_8x8()
  expect_warning(network_classifier(digits$x[1:200, ], digits$y[1:200], hidden_nodes = 5, input_range = c(0, 255),
                                    seed = 1),
                 "under a tenth", class = "gentlenn_input_range")
  expect_no_warning(network_classifier(digits$x[1:200, ], digits$y[1:200], hidden_nodes = 5, seed = 1))
})

test_that("files: a classifier's labels and scaling survive save and load, across languages", {
  skip_if_no_core()
  fit <- network_classifier(Species ~ ., data = iris, epochs = 30, seed = 1)
  path <- tempfile(fileext = ".json")
  save_network(fit, path)
  back <- load_network(path)
  expect_s3_class(back, "gentlenn_classifier")
  expect_identical(unlist(back$classes), levels(iris$Species))
  expect_identical(back$seed, 1L)
  expect_identical(as.character(predict(back, as.matrix(iris[, 1:4]))), as.character(predict(fit, iris)))
  py <- reticulate::import("gentlenn")
  clf <- py$estimator$load_classifier(path)
  expect_identical(as.character(clf$predict(as.matrix(iris[, 1:4]))), as.character(predict(fit, iris)))
  expect_equal(as.vector(clf$input_range_[[1]]), unname(apply(iris[, 1:4], 2, min)))
})

test_that("small things a student meets", {
  v <- iris_two_class("petal_length", "petal_width", species = c("versicolor", "virginica"))
  expect_identical(levels(v$species), c("versicolor", "virginica"))
  expect_equal(nrow(v), 100L)
  raw <- iris[51:150, c("Petal.Length", "Petal.Width")]
  expect_equal(unname(attr(v, "scale")), unname(sqrt(colSums(raw^2) / 99)))
  expect_error(iris_two_class(species = c("setosa", "setosa")),
               "`species` must be 2 different values, each one of \"setosa\", \"versicolor\", \"virginica\"",
               fixed = TRUE,
               class = "gentlenn_bad_argument")
  skip_if_not_installed("magick")
  fit <- slope_classifier(iris_two_class(), epochs = 5, shuffle = TRUE, seed = 42, engine = "r")
  path <- tempfile(fileext = ".gif")
  animate_slope(fit, path)  # its time is measured by benchmarks/bench_r_first_hour.R, not here
  expect_gt(length(magick::image_read(path)), 30)
})
