# The course's lessons beyond the book's code: R's face of python/gentlenn/lessons.py.

#' Preparing the data: input scaling, target encoding and initial weights
#'
#' Trains the book's network on digits with the data prepared well and badly, every combination
#' of: inputs `"raw"` (pixels 0..255), `"zero_one"` (pixels / 255: a blank pixel stays 0) or
#' `"book"` (`x / 255 * 0.99 + 0.01`); targets `"zero_one"` (0 and 1, which the sigmoid never
#' reaches) or `"book"` (0.01 and 0.99); initial weights `"zero"`, `"normal"` (normal(0, 1)),
#' `"book"` (normal(0, n^-1/2), n the links into a node) or `"uniform"` (+- n^-1/2). After each
#' epoch (and before the first) each run records the test accuracy, the mean size of each layer's
#' weights and the share of saturated hidden outputs (below 0.01 or above 0.99: the sigmoid's flat
#' tails, where learning stalls). One call into the Python core
#' (`gentlenn.lessons.preparation_experiment`); the same seed gives the same table there.
#'
#' @param data Digits from [load_mnist()] (pixels 0..255).
#' @param inputs,targets,weights Which preparations to try (`NULL`: all of them).
#' @param restarts Runs per combination; restart `r` uses seed `seed + r - 1` for all of them.
#' @param epochs,hidden_nodes,learning_rate The network's training.
#' @param seed Seed of the first restart; `NULL` draws one from R's random stream.
#' @param n_jobs Parallel jobs (threads in the Python core). Ignored with `scheduler`.
#' @param scheduler A Dask scheduler's address (`"tcp://host:8786"`) or scheduler file, to run every
#'   (preparation, restart) run on that cluster, as for [digits_experiment()].
#' @param results Path of a CSV file that keeps the finished runs (one row per run and epoch); calling
#'   again with the same file skips the runs already there, so an interrupted call resumes, as for
#'   [digits_experiment()].
#' @param progress Show a progress bar over the runs.
#' @return A data frame of class `gentlenn_preparation`, one row per (inputs, targets, weights,
#'   restart, epoch): `accuracy`, `mean_abs_wih`, `mean_abs_who`, `saturated`, and for the
#'   lesson's claims `hidden_spread` (0 when every hidden node keeps the same weights, up to
#'   rounding), `blank_inputs` (pixels blank in every training digit) and `blank_weight_change`
#'   (how far the weights from them moved). `summary()` gives the last epoch per preparation,
#'   `plot()` the lesson's charts.
#' @examplesIf gentlenn_available()
#' d <- load_mnist(test_size = 500)
#' prep <- preparation_experiment(d, inputs = c("raw", "book"), weights = c("zero", "book"),
#'                                restarts = 1, epochs = 1, hidden_nodes = 20, seed = 1)
#' summary(prep)
#' @export
preparation_experiment <- with_spec_defaults("preparation_experiment", function(
    data, inputs = NULL, targets = NULL, weights = NULL, restarts, epochs, hidden_nodes, learning_rate, seed = NULL,
    n_jobs, scheduler = NULL, results = NULL, progress = interactive()) {
  py <- core()
  p <- check_params("preparation_experiment", inputs = inputs, targets = targets, weights = weights,
                    restarts = restarts, epochs = epochs, hidden_nodes = hidden_nodes, learning_rate = learning_rate,
                    n_jobs = n_jobs)
  given <- lapply(p[c("inputs", "targets", "weights")], function(v) if (!is.null(v)) as.list(v))
  list2env(p[c("restarts", "epochs", "hidden_nodes", "learning_rate", "n_jobs")], environment())
  seed <- resolve_seed(seed)
  if (!is.null(scheduler)) scheduler <- check_string(scheduler, "scheduler")
  if (!is.null(results)) results <- path.expand(check_string(results, "results"))
  check_flag(progress, "progress")
  d <- digits_to_py(data)
  bar <- progress_bar(progress)
  on.exit(bar$close())
  table <- call_core(py_frame(py$lessons$preparation_experiment(
    d, inputs = given$inputs, targets = given$targets, weights = given$weights, restarts = restarts, epochs = epochs,
    hidden_nodes = hidden_nodes, learning_rate = learning_rate, random_state = seed, n_jobs = n_jobs,
    backend = "threading", scheduler = scheduler, results = results, callback = bar$callback
  )))
  for (col in c("restart", "seed", "epoch", "blank_inputs")) table[[col]] <- as.integer(table[[col]])
  table$restart <- table$restart + 1L  # R counts restarts from 1
  new_gentlenn_preparation(table, seed)
})

#' @rdname preparation_experiment
#' @param object,x A `gentlenn_preparation`.
#' @param ... Unused.
#' @export
summary.gentlenn_preparation <- function(object, ...) {
  table <- object
  table$restart <- table$restart - 1L
  out <- call_core(py_frame(core()$lessons$summarise_preparation(
    frame_to_py(structure(table, class = "data.frame", seed = NULL)))))
  out$restarts <- as.integer(out$restarts)
  out
}

#' @rdname preparation_experiment
#' @export
print.gentlenn_preparation <- function(x, ...) {
  cat(sprintf("<gentlenn preparation experiment> %d preparation(s), %d restart(s), %d epoch(s), first seed %d\n",
              nrow(unique(x[c("inputs", "targets", "weights")])), max(x$restart), max(x$epoch), min(x$seed)))
  print(summary(x), row.names = FALSE, digits = 4)
  invisible(x)
}

#' @rdname preparation_experiment
#' @export
plot.gentlenn_preparation <- function(x, ...) {
  s <- summary(x)
  s$preparation <- factor(paste(s$inputs, s$targets, s$weights, sep = " / "),
                          levels = rev(paste(s$inputs, s$targets, s$weights, sep = " / ")))
  long <- rbind(data.frame(preparation = s$preparation, measure = "test accuracy", value = s$accuracy),
                data.frame(preparation = s$preparation, measure = "saturated hidden outputs", value = s$saturated))
  if (use_ggplot()) {
    return(ggplot2::ggplot(long, ggplot2::aes(.data$value, .data$preparation, fill = .data$measure)) +
      ggplot2::geom_col(show.legend = FALSE) + ggplot2::facet_wrap(~measure) +
      ggplot2::scale_fill_manual(values = c("#d62728", "#1f77b4")) + ggplot2::xlim(0, 1) +
      ggplot2::labs(x = NULL, y = "inputs / targets / initial weights",
                    title = "Preparing the data: inputs, targets and initial weights") +
      ggplot2::theme_minimal())
  }
  old <- graphics::par(mfrow = c(1, 2), mar = c(4, 12, 3, 1))
  on.exit(graphics::par(old))
  graphics::barplot(rev(s$accuracy), names.arg = levels(s$preparation), horiz = TRUE, las = 1,
                    xlim = c(0, 1), main = "test accuracy", cex.names = 0.6, col = "#1f77b4")
  graphics::barplot(rev(s$saturated), horiz = TRUE, xlim = c(0, 1), main = "saturated hidden outputs",
                    col = "#d62728")
  invisible(x)
}

#' Check the gradient: the derived formulas against finite differences
#'
#' For every weight of both layers, compares the derivative of `E = sum((t - o)^2)` from the
#' course's formulas (`dE/dw_jk = -2 (t_k - o_k) o_k (1 - o_k) o_j` for a link from hidden node `j`
#' to output `k`; `-2 e_j h_j (1 - h_j) x_i` for a link from input `i` to hidden node `j`, with the
#' back-propagated error `e_j = sum_k w_jk (t_k - o_k) o_k (1 - o_k)`) with central finite
#' differences, and puts the book's update beside the gradient step `-lr/2 dE/dw`. They agree
#' for the output layer; for the hidden layer the book sends the raw errors back (`t(W) %*% e`),
#' without the output slope `o (1 - o)`, so its step is only roughly downhill.
#'
#' @param network A `gentlenn_network` from [neural_network()].
#' @param inputs,targets One example (targets strictly between 0 and 1).
#' @param epsilon Step of the central differences.
#' @return A data frame, one row per weight: `layer` (`"who"` or `"wih"`), `to_node`, `from_node`
#'   (counted from 1), `analytic`, `numeric`, `relative_error`, `descent_step`, `book_update`.
#' @examplesIf gentlenn_available()
#' net <- neural_network(3, 3, 3, seed = 1)
#' g <- gradient_check(net, c(0.9, 0.1, 0.8), c(0.01, 0.99, 0.01))
#' max(g$relative_error)
#' @export
gradient_check <- function(network, inputs, targets, epsilon = 1e-5) {
  core()
  check_network(network, "network")
  inputs <- as_examples(inputs, "inputs", network$input_nodes)
  targets <- check_unit_interval(as_examples(targets, "targets", network$output_nodes), "targets")
  check_number(epsilon, "epsilon", min = 0, allow_min = FALSE)
  out <- call_core(py_frame(core()$lessons$gradient_check(network_to_py(network), inputs, targets,
                                                           epsilon = epsilon)))
  out$to_node <- as.integer(out$to_node) + 1L
  out$from_node <- as.integer(out$from_node) + 1L
  out
}

#' The error surface of two weights, and gradient descent on it
#'
#' A network with one node per layer, `o = sigmoid(w2 * sigmoid(w1 * x))`, on a few examples:
#' its error `E(w1, w2) = sum((t - o)^2)` over a grid of both weights, and gradient descent from
#' `starts` random points. Descents from different places can end in different valleys: the
#' reason to train several times from different starting points. The default five examples give
#' a deep valley and a shallow one.
#'
#' @param x,t The examples (`NULL`: the default five).
#' @param starts,steps,learning_rate Number of descents, steps each, step size.
#' @param limits The weights' range (both axes).
#' @param resolution Grid points per axis.
#' @param seed Seed of the starting points; `NULL` draws one from R's random stream.
#' @return A `gentlenn_error_surface`: `w1`, `w2` (the axes), `error` (a matrix, rows `w1`),
#'   `paths` (`start`, `step`, `w1`, `w2`, `error`), `minima` (`valley`: 0 is the deepest, `w1`,
#'   `w2`, `error`), `ends` (each start, where it ended and its `valley`) and `seed`. `plot()`
#'   draws the contour map with the paths, or with `type = "3d"` a perspective view;
#'   [animate_error_surface()] writes a GIF.
#' @examplesIf gentlenn_available()
#' s <- error_surface(seed = 0)
#' s$minima
#' table(s$ends$valley)
#' plot(s)
#' @export
error_surface <- with_spec_defaults("error_surface", function(x = NULL, t = NULL, starts, steps, learning_rate, limits,
                                                              resolution, seed = NULL) {
  py <- core()
  if (is.null(x) != is.null(t)) bad_argument("give both `x` and `t`, or neither (the default data).")
  if (!is.null(x)) {
    x <- as.vector(check_examples(x, "x"))
    t <- check_unit_interval(as.vector(check_examples(t, "t")), "t")
    if (length(x) != length(t)) bad_argument(sprintf("`x` and `t` must have the same length, got %d and %d.",
                                                     length(x), length(t)))
  }
  p <- check_params("error_surface", starts = starts, steps = steps, learning_rate = learning_rate, limits = limits,
                    resolution = resolution)
  list2env(p, environment())
  seed <- resolve_seed(seed)
  settings <- list(x = x, t = t, starts = starts, steps = steps, learning_rate = learning_rate,
                   limits = as.list(as.double(limits)), resolution = resolution, random_state = seed)
  call_core({
    s <- do.call(py$lessons$error_surface, surface_arguments(settings))
    paths <- py_frame(s$paths)
    ends <- py_frame(s$ends)
    minima <- py_frame(s$minima)
    for (col in c("start", "step")) paths[[col]] <- as.integer(paths[[col]])
    paths$start <- paths$start + 1L
    ends$start <- as.integer(ends$start) + 1L
    ends$valley <- as.integer(ends$valley)
    minima$valley <- as.integer(minima$valley)
    new_gentlenn_error_surface(w1 = r_array(s$w1), w2 = r_array(s$w2), error = r_array(s$error), paths = paths,
                               minima = minima, ends = ends,
                               data = list(x = r_array(s$data[0L]), t = r_array(s$data[1L])),
                               seed = seed, settings = settings)
  })
})

surface_arguments <- function(settings) {
  args <- settings
  if (!is.null(args$x)) {
    args$x <- numbers_to_py(args$x)
    args$t <- numbers_to_py(args$t)
  }
  args[!vapply(args, is.null, logical(1))]
}

check_surface <- function(x, arg = "x") {
  if (!inherits(x, "gentlenn_error_surface")) {
    bad_argument(sprintf("`%s` must be a gentlenn_error_surface from error_surface(), got %s.", arg, describe(x)))
  }
  invisible(x)
}

#' @rdname error_surface
#' @param ... Unused.
#' @export
print.gentlenn_error_surface <- function(x, ...) {
  cat(sprintf("<gentlenn error surface> %d examples, %d descents of %d steps, seed %d\n", length(x$data$x),
              nrow(x$ends), max(x$paths$step), x$seed))
  cat("valleys (0 = deepest):\n")
  print(x$minima, row.names = FALSE, digits = 4)
  counts <- table(x$ends$valley)
  cat(sprintf("descents ending in each valley: %s\n", paste(names(counts), counts, sep = ": ", collapse = ", ")))
  invisible(x)
}

#' @rdname error_surface
#' @param type `"contour"` (the map with the descents, ggplot2 when installed) or `"3d"` (a
#'   perspective view, base graphics).
#' @export
plot.gentlenn_error_surface <- function(x, type = c("contour", "3d"), ...) {
  type <- check_choice(type, c("contour", "3d"), "type")
  check_surface(x)
  if (type == "3d") {
    graphics::persp(x$w1, x$w2, x$error, theta = -30, phi = 35, col = "lightsteelblue", border = NA, shade = 0.5,
                    xlab = "w1", ylab = "w2", zlab = "E", ticktype = "detailed",
                    main = "Error surface of the two weights")
    return(invisible(x))
  }
  paths <- x$paths
  paths$valley <- factor(x$ends$valley[paths$start])
  grid <- expand.grid(w1 = x$w1, w2 = x$w2)
  grid$error <- as.vector(x$error)
  if (use_ggplot()) {
    ends <- x$ends
    ends$valley <- factor(ends$valley)
    return(ggplot2::ggplot(grid, ggplot2::aes(.data$w1, .data$w2)) +
      ggplot2::geom_raster(ggplot2::aes(fill = .data$error)) +
      ggplot2::geom_contour(ggplot2::aes(z = .data$error), colour = "white", linewidth = 0.2, bins = 25) +
      ggplot2::geom_path(data = paths, ggplot2::aes(group = .data$start, colour = .data$valley), linewidth = 0.9) +
      ggplot2::geom_point(data = ends, ggplot2::aes(.data$w1_start, .data$w2_start, colour = .data$valley)) +
      ggplot2::geom_point(data = ends, ggplot2::aes(colour = .data$valley), shape = 4, size = 3, stroke = 1.5) +
      ggplot2::scale_fill_viridis_c() +
      ggplot2::scale_colour_manual(values = c("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e")) +
      ggplot2::labs(x = "w1 (input to hidden)", y = "w2 (hidden to output)", fill = "E", colour = "valley",
                    title = "Error surface and gradient descent from random starts") +
      ggplot2::coord_fixed() + ggplot2::theme_minimal())
  }
  graphics::filled.contour(x$w1, x$w2, x$error, color.palette = grDevices::hcl.colors,
                           xlab = "w1 (input to hidden)", ylab = "w2 (hidden to output)",
                           plot.axes = {
                             graphics::axis(1)
                             graphics::axis(2)
                             for (s in split(paths, paths$start)) {
                               graphics::lines(s$w1, s$w2, col = c("#1f77b4", "#d62728")[as.integer(s$valley[1])],
                                               lwd = 2)
                             }
                           })
  invisible(x)
}

#' Write a GIF of gradient descent on the error surface
#'
#' The descents of [error_surface()] moving over its contour map, drawn by the Python core
#' (`gentlenn.plotting.animate_error_surface`) from the same settings and seed.
#'
#' @param x A `gentlenn_error_surface`.
#' @param path The GIF file to write.
#' @param fps,max_frames Frames per second and at most this many frames.
#' @return `path`, invisibly.
#' @examplesIf gentlenn_available()
#' gif <- animate_error_surface(error_surface(starts = 3, steps = 100, seed = 1), tempfile(fileext = ".gif"),
#'                              max_frames = 10)
#' file.exists(gif)
#' @export
animate_error_surface <- function(x, path, fps = 12, max_frames = 60) {
  py <- core()
  check_surface(x)
  path <- path.expand(check_string(path, "path"))
  check_number(fps, "fps", min = 0, allow_min = FALSE)
  max_frames <- check_whole(max_frames, "max_frames", min = 2)
  call_core({
    s <- do.call(py$lessons$error_surface, surface_arguments(x$settings))
    py$plotting$animate_error_surface(s, path, fps = fps, max_frames = max_frames)
  })
  invisible(path)
}

#' The network's outputs for chosen examples: the course's output table
#'
#' The output nodes' values for chosen test examples (by default the first "5", "0" and "9", as
#' on the course's slide), with the label, the answer (the largest output), its confidence (the
#' largest output's share of all outputs) and its margin over the runner-up.
#'
#' @param object A `gentlenn_classifier` from [network_classifier()] or a `gentlenn_run` from
#'   [train_digits()].
#' @param x Examples, one per row (for a `gentlenn_run`: `NULL` takes its test digits).
#' @param y Their labels (needed to pick examples by `labels`; for a `gentlenn_run` with `x = NULL`,
#'   its test labels).
#' @param rows Rows of `x` to show (counted from 1); `NULL` picks the first example of each of `labels`.
#' @param labels The labels to show an example of.
#' @return A data frame of class `gentlenn_output_table`: `row`, `label`, `answer`, `confidence`,
#'   `margin`, then one column per class. `plot()` draws the bars.
#' @examplesIf gentlenn_available()
#' d <- load_mnist(test_size = 500)
#' run <- train_digits(d, hidden_nodes = 30, learning_rate = 0.2, seed = 1, progress = FALSE)
#' output_table(run, y = d$y_test)
#' @export
output_table <- function(object, x = NULL, y = NULL, rows = NULL, labels = c(5, 0, 9)) {
  core()
  if (inherits(object, "gentlenn_run")) {
    if (is.null(x)) {
      x <- object$x_test
      if (is.null(y)) y <- object$y_test
    }
    object <- object$classifier
  }
  clf <- classifier_to_py(object)
  if (is.null(x)) bad_argument("`x` is needed: the examples to show.")
  x <- check_examples(match_columns(x, object$columns, "x"), "x")
  if (!is.null(y)) check_labels(y, nrow(x), "y")
  if (!is.null(rows)) {
    if (!is.numeric(rows) || !length(rows) || anyNA(rows) || any(rows != round(rows)) || any(rows < 1) ||
        any(rows > nrow(x))) {
      bad_argument(sprintf("`rows` must be whole numbers between 1 and %d, got %s.", nrow(x), describe(rows)))
    }
    rows <- as.list(as.integer(rows) - 1L)
  }
  out <- call_core(py_frame(core()$lessons$output_table(
    clf, examples_to_py(x), if (is.null(y)) NULL else labels_to_py(y), rows = rows,
    labels = chosen_labels_to_py(labels, y)), labels = c("label", "answer")))
  out$row <- as.integer(out$row) + 1L
  if (!is.null(object$label_levels)) {
    for (col in intersect(c("label", "answer"), names(out))) out[[col]] <- factor(out[[col]], object$label_levels)
  }
  new_gentlenn_output_table(out)
}

#' @rdname output_table
#' @param ... Unused.
#' @export
plot.gentlenn_output_table <- function(x, ...) {
  fixed <- c("row", "label", "answer", "confidence", "margin")
  classes <- setdiff(names(x), fixed)
  title <- sprintf("%sanswer %s (confidence %.0f%%)",
                   if ("label" %in% names(x)) paste0("label ", x$label, ": ") else "", x$answer, 100 * x$confidence)
  long <- data.frame(example = factor(rep(title, each = length(classes)), levels = title),
                     node = factor(rep(classes, nrow(x)), levels = classes),
                     value = as.vector(t(as.matrix(x[classes]))))
  long$answer <- as.character(long$node) == rep(as.character(x$answer), each = length(classes))
  if (use_ggplot()) {
    return(ggplot2::ggplot(long, ggplot2::aes(.data$node, .data$value, fill = .data$answer)) +
      ggplot2::geom_col(show.legend = FALSE) + ggplot2::facet_wrap(~example) +
      ggplot2::scale_fill_manual(values = c(`FALSE` = "grey75", `TRUE` = "grey15")) + ggplot2::ylim(0, 1) +
      ggplot2::labs(x = "output node", y = "output value",
                    title = "The network's outputs for chosen test examples") +
      ggplot2::theme_minimal())
  }
  old <- graphics::par(mfrow = c(1, nrow(x)))
  on.exit(graphics::par(old))
  for (i in seq_len(nrow(x))) {
    v <- unlist(x[i, classes])
    graphics::barplot(v, names.arg = classes, ylim = c(0, 1), main = title[i],
                      col = ifelse(classes == as.character(x$answer[i]), "grey15", "grey75"))
  }
  invisible(x)
}
