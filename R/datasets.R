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
iris_two_class <- function(x = "sepal_length", y = "sepal_width", scale = TRUE,
                           species = c("setosa", "versicolor")) {
  features <- c(sepal_length = "Sepal.Length", sepal_width = "Sepal.Width",
                petal_length = "Petal.Length", petal_width = "Petal.Width")
  for (arg in c("x", "y")) {
    v <- get(arg)
    if (!is.character(v) || length(v) != 1L || !v %in% names(features)) {
      bad_argument(sprintf("`%s` must be one of %s, got %s.", arg,
                           paste(names(features), collapse = ", "), describe(v)))
    }
  }
  if (x == y) bad_argument(sprintf("`x` and `y` must be different features, both are \"%s\".", x))
  check_flag(scale, "scale")
  all_species <- c("setosa", "versicolor", "virginica")
  if (!is.character(species) || length(species) != 2L || anyNA(species) || !all(species %in% all_species) ||
      species[1] == species[2]) {
    bad_argument(sprintf("`species` must be two different species of %s, got %s.",
                         paste(all_species, collapse = ", "), describe(species)))
  }
  iris <- datasets::iris
  two <- iris[iris$Species %in% species, ]
  values <- as.matrix(two[, features[c(x, y)]])
  if (scale) values <- base::scale(values, center = FALSE)
  out <- data.frame(values[, 1], values[, 2], factor(as.character(two$Species), levels = sort(species)))
  names(out) <- c(x, y, "species")
  rownames(out) <- NULL
  if (scale) attr(out, "scale") <- stats::setNames(attr(values, "scaled:scale"), c(x, y))
  out
}
