test_that("iris_two_class scales the 100-row subset without centring", {
  d <- iris_two_class()
  expect_named(d, c("sepal_length", "sepal_width", "species"))
  expect_equal(nrow(d), 100)
  expect_identical(levels(d$species), c("setosa", "versicolor"))
  expect_equal(unname(attr(d, "scale")), c(5.5358792975, 3.1511902513), tolerance = 1e-10)
  ref <- scale(as.matrix(iris[1:100, c("Sepal.Length", "Sepal.Width")]), center = FALSE)
  expect_identical(d$sepal_length, unname(ref[, 1]))
  expect_error(iris_two_class("sepal"), "`x` must be one of", class = "gentlenn_bad_argument")
  expect_error(iris_two_class("petal_width", "petal_width"), "different features")
})

test_that("the R iris subset equals the Python one to 1e-15", {
  skip_if_no_core()
  py <- reticulate::import("gentlenn", convert = FALSE)$iris_two_class("petal_length", "sepal_width")
  d <- iris_two_class("petal_length", "sepal_width")
  pl <- reticulate::py_to_r(reticulate::py_get_item(py, "petal_length")$to_numpy())
  sw <- reticulate::py_to_r(reticulate::py_get_item(py, "sepal_width")$to_numpy())
  expect_lte(max(abs(pl - d$petal_length)), 1e-15)
  expect_lte(max(abs(sw - d$sepal_width)), 1e-15)
})

test_that("the bugs table", {
  expect_identical(bugs$width, c(3, 1))
  expect_identical(as.character(bugs$bug), c("ladybird", "caterpillar"))
})
