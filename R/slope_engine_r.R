# The plain-R engine of the slope classifier: the course's R solution, written independently of
# the Python core so that each checks the other. Its random draws follow the documented stream:
# set.seed(seed); the initial slope runif(1, lo, hi); each shuffled epoch order(runif(n)).

slope_fit_r <- function(pts, slope, learning_rate, margin, epochs, shuffle, above,
                        slope_range, seed) {
  check_number(learning_rate, "learning_rate", min = 0, allow_min = FALSE)
  check_number(margin, "margin", min = 0)
  check_whole(epochs, "epochs", min = 1)
  check_number(slope, "slope", null_ok = TRUE)
  if (!is.numeric(slope_range) || length(slope_range) != 2L || anyNA(slope_range) ||
      !all(is.finite(slope_range)) || slope_range[1] >= slope_range[2]) {
    abort_gentlenn("`slope_range` must be two finite numbers with low < high.",
                   class = "gentlenn_bad_argument")
  }
  xs <- pts$x
  ys <- pts$y
  bad <- which(!is.finite(xs) | !is.finite(ys))
  if (length(bad)) {
    abort_gentlenn(sprintf("`data` has NaN or infinite x or y values (rows %s).",
                           paste(utils::head(bad), collapse = ", ")), class = "gentlenn_bad_argument")
  }
  if (any(xs == 0)) {
    abort_gentlenn(sprintf("`x` is 0 in rows %s; the update dA = L * E / x divides by x.",
                           paste(utils::head(which(xs == 0)), collapse = ", ")),
                   class = "gentlenn_bad_argument")
  }
  classes <- sort(unique(pts$label), method = "radix")
  if (length(classes) != 2L) {
    abort_gentlenn(sprintf("`class` must hold exactly two classes, got %d.", length(classes)),
                   class = "gentlenn_bad_argument")
  }
  if (is.null(above)) {
    ratio <- ys / xs
    above <- classes[which.max(c(mean(ratio[pts$label == classes[1]]),
                                 mean(ratio[pts$label == classes[2]])))]
  } else if (!above %in% classes) {
    abort_gentlenn(sprintf("`above` must be one of the classes (%s), not '%s'.",
                           paste(classes, collapse = ", "), above), class = "gentlenn_bad_argument")
  }
  is_above <- pts$label == above

  n <- length(xs)
  steps <- matrix(NA_real_, nrow = n * epochs, ncol = 10L)
  with_r_seed(seed, {
    if (is.null(slope)) slope <- stats::runif(1, slope_range[1], slope_range[2])
    initial <- slope
    step <- 0L
    for (epoch in seq_len(epochs)) {
      visit <- if (shuffle) order(stats::runif(n)) else seq_len(n)
      for (i in visit) {
        target <- if (is_above[i]) ys[i] - margin else ys[i] + margin
        output <- slope * xs[i]
        error <- target - output
        delta <- learning_rate * error / xs[i]
        slope <- slope + delta
        step <- step + 1L
        steps[step, ] <- c(epoch, step, i, xs[i], ys[i], target, output, error, delta, slope)
      }
    }
  })
  history <- as.data.frame(steps)
  names(history) <- c("epoch", "step", "index", "x", "y", "target", "output", "error", "delta", "slope")
  for (col in c("epoch", "step", "index")) history[[col]] <- as.integer(history[[col]])
  list(initial_slope = initial, slope = slope, above = above,
       below = setdiff(classes, above), classes = classes, history = history)
}

slope_decision_r <- function(slope, m) m[, 2] - slope * m[, 1]

# Evaluate `code` after set.seed(seed) with R's default generator, then restore the caller's
# random state; with seed = NULL just evaluate it on the current stream.
with_r_seed <- function(seed, code) {
  if (is.null(seed)) return(invisible(code))
  env <- globalenv()
  old_seed <- if (exists(".Random.seed", envir = env, inherits = FALSE)) get(".Random.seed", envir = env)
  old_kind <- RNGkind()
  on.exit({
    do.call(RNGkind, as.list(old_kind))
    if (is.null(old_seed)) {
      if (exists(".Random.seed", envir = env, inherits = FALSE)) rm(".Random.seed", envir = env)
    } else {
      assign(".Random.seed", old_seed, envir = env)
    }
  })
  suppressWarnings(RNGkind("Mersenne-Twister", "Inversion", "Rejection"))
  set.seed(seed)
  invisible(code)
}
