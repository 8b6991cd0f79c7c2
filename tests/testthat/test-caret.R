# caret tunes network_classifier() through gentlenn_caret_model(), and a recipe's output is data
# network_classifier() takes. Expected numbers come from refitting by hand on the same folds, and
# from base R's scale().

test_that("caret tunes hidden_nodes and learning_rate by 5-fold cross-validation on iris", {
  skip_if_no_core()
  skip_if_not_installed("caret")
  set.seed(21)
  folds <- caret::createFolds(iris$Species, k = 5, returnTrain = TRUE)
  grid <- expand.grid(hidden_nodes = c(4, 12), learning_rate = c(0.1, 0.5))
  tuned <- caret::train(iris[, 1:4], iris$Species, method = gentlenn_caret_model(), tuneGrid = grid,
                        trControl = caret::trainControl(method = "cv", number = 5, index = folds),
                        epochs = 10, seed = 1)
  expect_s3_class(tuned, "train")
  expect_identical(nrow(tuned$results), 4L)
  expect_setequal(paste(tuned$results$hidden_nodes, tuned$results$learning_rate),
                  paste(grid$hidden_nodes, grid$learning_rate))
  # one setting's cross-validated accuracy, refitted by hand on caret's folds
  by_hand <- vapply(folds, function(rows) {
    fit <- network_classifier(iris[rows, 1:4], iris$Species[rows], hidden_nodes = 12, learning_rate = 0.5,
                              epochs = 10, seed = 1)
    mean(predict(fit, iris[-rows, 1:4]) == iris$Species[-rows])
  }, 1)
  row <- tuned$results[tuned$results$hidden_nodes == 12 & tuned$results$learning_rate == 0.5, ]
  expect_equal(row$Accuracy, mean(by_hand), tolerance = 1e-12)
  best <- tuned$results[which.max(tuned$results$Accuracy), c("hidden_nodes", "learning_rate")]
  expect_equal(unlist(tuned$bestTune), unlist(best), ignore_attr = TRUE)
  expect_gt(max(tuned$results$Accuracy), 0.85)
  final <- network_classifier(iris[, 1:4], iris$Species, hidden_nodes = best$hidden_nodes,
                              learning_rate = best$learning_rate, epochs = 10, seed = 1)
  expect_identical(predict(tuned, iris[c(1, 51, 101, 150), ]), predict(final, iris[c(1, 51, 101, 150), ]))
  probs <- predict(tuned, iris[1:3, ], type = "prob")
  expect_identical(names(probs), levels(iris$Species))
  expect_equal(rowSums(probs), rep(1, 3), ignore_attr = TRUE)
})

test_that("caret's formula interface and its errors", {
  skip_if_no_core()
  skip_if_not_installed("caret")
  tuned <- caret::train(Species ~ ., data = iris, method = gentlenn_caret_model(), tuneLength = 1,
                        trControl = caret::trainControl(method = "cv", number = 2), epochs = 5, seed = 1)
  expect_identical(unlist(tuned$bestTune), c(hidden_nodes = 5, learning_rate = 0.1))
  expect_identical(levels(predict(tuned, iris[1:2, ])), levels(iris$Species))
  model <- gentlenn_caret_model()
  expect_identical(model$parameters$parameter, c("hidden_nodes", "learning_rate"))
  expect_error(model$fit(iris[, 1:4], iris$Species, wts = rep(1, 150), param = data.frame(hidden_nodes = 3,
                                                                                           learning_rate = 0.1)),
               "`weights` are not supported", class = "gentlenn_bad_argument")
  expect_identical(nrow(model$grid(NULL, NULL, len = 3)), 9L)
  expect_identical(nrow(model$grid(NULL, NULL, len = 4, search = "random")), 4L)
})

test_that("a recipe's output goes into network_classifier() and predict()", {
  skip_if_no_core()
  skip_if_not_installed("recipes")
  train_rows <- c(1:40, 51:90, 101:140)
  flowers <- transform(iris, size = cut(Sepal.Length, 3, labels = c("small", "medium", "large")))
  rec <- recipes::recipe(Species ~ Petal.Length + Petal.Width + Sepal.Width + size, data = flowers[train_rows, ])
  rec <- recipes::step_normalize(rec, recipes::all_numeric_predictors())
  rec <- recipes::step_dummy(rec, size, one_hot = TRUE)
  rec <- recipes::prep(rec)
  baked <- recipes::bake(rec, new_data = NULL)
  baked_test <- recipes::bake(rec, new_data = flowers[-train_rows, ])
  fit <- baked |> network_classifier(Species ~ ., epochs = 30, seed = 1)
  expect_identical(fit$network$input_nodes, 6L)
  # the same preparation by hand: scale() with the training rows' centres and spreads, and 0/1 columns
  numeric <- c("Petal.Length", "Petal.Width", "Sepal.Width")
  centred <- scale(flowers[train_rows, numeric])
  by_hand <- function(rows, s = centred) {
    cbind(scale(flowers[rows, numeric], attr(s, "scaled:center"), attr(s, "scaled:scale")),
          outer(as.integer(flowers$size[rows]), 1:3, "==") + 0)
  }
  expect_equal(unname(as.matrix(baked_test[, setdiff(names(baked_test), "Species")])),
               unname(by_hand(setdiff(1:150, train_rows))), tolerance = 1e-14)
  manual <- network_classifier(by_hand(train_rows), flowers$Species[train_rows], epochs = 30, seed = 1)
  expect_identical(predict(fit, baked_test), predict(manual, by_hand(setdiff(1:150, train_rows))))
  expect_gt(mean(predict(fit, baked_test) == flowers$Species[-train_rows]), 0.85)
})
