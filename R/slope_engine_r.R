# The plain-R engine of the slope classifier: the course's R solution, written independently of
# the Python core so that each checks the other (a deliberate second implementation, not a copy
# of the core's loop: tests compare the two). Arguments arrive checked by slope_classifier().
# Its random draws follow the documented stream: set.seed(seed); the initial slope
# runif(1, lo, hi); each shuffled epoch order(runif(n)).

slope_fit_r <- function(pts, slope, learning_rate, margin, epochs, shuffle, above,
                        slope_range, seed) {
  xs <- pts$x
  ys <- pts$y
  classes <- sort(unique(pts$label), method = "radix")
  if (is.null(above)) {
    ratio <- ys / xs
    above <- classes[which.max(c(mean(ratio[pts$label == classes[1]]),
                                 mean(ratio[pts$label == classes[2]])))]
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
        if (!is.finite(slope)) {
          abort_gentlenn(sprintf(paste("epoch %d, update %d: the slope became %s: the updates overshoot;",
                                       "use a smaller learning_rate (now %s, below 2)"),
                                 epoch, step, format(slope), format(learning_rate)), class = "gentlenn_divergence")
        }
        steps[step, ] <- c(epoch, step, i, xs[i], ys[i], target, output, error, delta, slope)
      }
    }
  })
  if (abs(slope) > 1e3 * max(1, abs(initial), max(abs(ys / xs)))) {
    warn_gentlenn(sprintf(paste("the slope grew to %s, far beyond the data's y/x; each update overshoots",
                                "(learning_rate %s: use one below 2)"),
                          format(slope, digits = 4), format(learning_rate)), "gentlenn_divergence_warning")
  }
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
