#' How the learning rate changes the slope classifier
#'
#' Trains one slope classifier for every pair of learning rate and seed and tabulates where it
#' started, where it ended and how well it separates the training data.
#'
#' @inheritParams slope_classifier
#' @param learning_rates Learning rates to try.
#' @param seeds Integer seeds (one random initial slope each).
#' @param ... Further arguments of [slope_classifier()] (`epochs`, `shuffle`, `margin`, ...).
#' @return A data frame of class `gentlenn_lr_study` with columns `learning_rate`, `seed`,
#'   `initial_slope`, `final_slope` and `accuracy` (training accuracy); learning rates outer.
#'   It has a [plot()] method.
#' @examples
#' study <- slope_learning_rate_study(iris_two_class(), c(0.01, 0.1, 1), seeds = 1:3,
#'                                    epochs = 3, engine = "r")
#' study
#' @export
slope_learning_rate_study <- function(data, learning_rates, seeds, ..., x = NULL, y = NULL,
                                      class = NULL, engine = c("python", "r")) {
  engine <- check_choice(engine, c("python", "r"), "engine")
  if (engine == "python") core()
  if (!is.numeric(learning_rates) || !length(learning_rates) || anyNA(learning_rates) ||
      any(!is.finite(learning_rates)) || any(learning_rates <= 0)) {
    bad_argument(sprintf("`learning_rates` must be a non-empty vector of numbers > 0, got %s.", describe(learning_rates)))
  }
  if (!is.numeric(seeds) || !length(seeds) || anyNA(seeds) || any(seeds != round(seeds))) {
    bad_argument(sprintf("`seeds` must be a non-empty vector of whole numbers, got %s.", describe(seeds)))
  }
  pts <- slope_points(data, x, y, class)
  if (engine == "python") {
    table <- call_core(py_frame(core()$slope_learning_rate_study(
      cbind(pts$x, pts$y), labels_to_py(pts$label), as.list(as.double(learning_rates)),
      as.list(as.integer(seeds)), ...
    )))
    table$seed <- as.integer(table$seed)
  } else {
    d <- data.frame(x = pts$x, y = pts$y, class = pts$label)
    grid <- expand.grid(seed = as.integer(seeds), learning_rate = as.double(learning_rates))
    rows <- lapply(seq_len(nrow(grid)), function(i) {
      f <- slope_classifier(d, learning_rate = grid$learning_rate[i], seed = grid$seed[i], ...,
                            engine = "r")
      data.frame(learning_rate = grid$learning_rate[i], seed = grid$seed[i],
                 initial_slope = f$initial_slope, final_slope = f$slope,
                 accuracy = mean(stats::predict(f) == d$class))
    })
    table <- do.call(rbind, rows)
  }
  structure(table, class = c("gentlenn_lr_study", "data.frame"))
}
