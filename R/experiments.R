# Training runs and the book's experiments on digits: R's face of python/gentlenn/experiments.py.

# A text progress bar that the core drives through callback(done, total), from R's main thread.
progress_bar <- function(show) {
  bar <- NULL
  update <- function(done, total) {
    if (is.null(bar)) bar <<- utils::txtProgressBar(min = 0, max = max(1, as_r(total)), style = 3)
    utils::setTxtProgressBar(bar, as_r(done))
    NULL
  }
  list(callback = if (show) update, close = function() if (!is.null(bar)) close(bar))
}

#' Train the book's network on digits and measure it
#'
#' Trains on `data$x_train` (pixels scaled the book's way, `x / 255 * 0.99 + 0.01`) and reports,
#' after every epoch, the accuracy on `data$x_test`; then tabulates the confusion matrix and the
#' misclassified test digits. One call into the Python core (`gentlenn.experiments.train_digits`);
#' the progress bar is drawn by R.
#'
#' @param data Digits from [load_mnist()].
#' @param hidden_nodes,learning_rate,epochs The network's settings.
#' @param rotation_angle When > 0, also train on copies rotated by +- this many degrees.
#' @param seed Integer seed of the weights and the shuffling; `NULL` draws one from R's random
#'   stream (`set.seed()` reproduces the run). Stored as `$seed`.
#' @param generator The stream `seed` starts, see [neural_network()].
#'   `r spec_doc("train_digits", "generator")`
#' @param init The initial weights, see [neural_network()]. `r spec_doc("train_digits", "init")`
#' @param shuffle Visit the training digits in a new random order each epoch (`FALSE`: in the
#'   data's order, as the book's notebooks do).
#' @param progress Show a text progress bar.
#' @return A `gentlenn_run`: `classifier` (a [network_classifier()] object), `history` (per epoch:
#'   `epoch`, `train_mse`, `seconds`, `val_accuracy`: the accuracy on the test digits, named as in
#'   [network_classifier()]'s history; 0.1's `test_accuracy` still works with a deprecation warning
#'   until 0.3), `confusion` (a table, true labels by
#'   predictions), `misclassified` (a data frame: `index` of the test digit, counted from 1,
#'   `label`, `predicted`, `output`), `accuracy`, the test digits `x_test` and `y_test`, and `seed`.
#'   `as.data.frame()` gives the history.
#' @examplesIf gentlenn_available()
#' run <- train_digits(load_mnist(), hidden_nodes = 50, epochs = 1, seed = 1, progress = FALSE)
#' run
#' as.data.frame(run)
#' @export
train_digits <- with_spec_defaults("train_digits", function(data, hidden_nodes, learning_rate, epochs, rotation_angle,
                                                            seed = NULL, progress = interactive(), generator, init,
                                                            shuffle = TRUE) {
  py <- core()
  d <- digits_to_py(data)
  p <- check_params("train_digits", hidden_nodes = hidden_nodes, learning_rate = learning_rate, epochs = epochs,
                    rotation_angle = rotation_angle, generator = generator, init = init)
  list2env(p, environment())
  check_flag(progress, "progress")
  shuffle <- check_param(shuffle, "NeuralNetworkClassifier", "shuffle")
  seed <- resolve_seed(seed, callable = "train_digits")
  bar <- progress_bar(progress)
  on.exit(bar$close())
  call_core({
    run <- py$experiments$train_digits(d, hidden_nodes = hidden_nodes, learning_rate = learning_rate,
                                       epochs = epochs, rotation_angle = rotation_angle,
                                       random_state = seed, callback = bar$callback, generator = generator,
                                       init = init, shuffle = shuffle)
    classifier <- classifier_from_py(run$classifier, label_levels = NULL, seed = seed)
    classifier$init <- init
    classifier$generator <- generator
    classifier$n_obs <- nrow(data$x_train)
    history <- py_frame(run$history)
    history$epoch <- as.integer(history$epoch)
    history <- new_gentlenn_history(history)
    classes <- label_names(classifier$classes)
    confusion <- r_array(run$confusion$to_numpy())
    dimnames(confusion) <- list(label = classes, predicted = classes)
    misclassified <- py_frame(run$misclassified, labels = c("label", "predicted"))
    misclassified$index <- as.integer(misclassified$index) + 1L  # R counts rows from 1
    new_gentlenn_run(
      classifier = classifier, history = history, confusion = as.table(confusion),
      misclassified = misclassified, accuracy = history$val_accuracy[nrow(history)],
      x_test = data$x_test, y_test = data$y_test, seed = seed
    )
  })
})

# 0.1 named the history's accuracy column `test_accuracy`; `$` and `[[` still find it, with a warning.
history_column <- function(name) {
  if (identical(name, "test_accuracy")) {
    deprecated(I("the history column `test_accuracy`"), I("`val_accuracy`"))
    return("val_accuracy")
  }
  name
}

#' @export
`$.gentlenn_history` <- function(x, name) .subset2(x, history_column(name))

#' @export
`[[.gentlenn_history` <- function(x, i, ...) {
  if (is.character(i) && length(i) == 1L) i <- history_column(i)
  .subset2(x, i, ...)
}

#' @rdname train_digits
#' @param x A `gentlenn_run`.
#' @param row.names,optional Unused (as for [as.data.frame()]).
#' @export
as.data.frame.gentlenn_run <- function(x, row.names = NULL, optional = FALSE, ...) { # nolint: object_name_linter.
  x$history
}

#' @rdname train_digits
#' @param ... Unused.
#' @export
print.gentlenn_run <- function(x, ...) {
  n <- x$classifier$network
  cat(sprintf("<gentlenn training run> %d -> %d -> %d, learning rate %s, %d epoch(s), seed %s\n",
              as.integer(n$input_nodes), as.integer(n$hidden_nodes), as.integer(n$output_nodes),
              format(x$classifier$learning_rate), nrow(x$history), format(x$seed)))
  cat(sprintf("  test accuracy %.4f (%d of %d test digits misclassified)\n", x$accuracy,
              nrow(x$misclassified), sum(x$confusion)))
  invisible(x)
}

#' Plot a training run
#'
#' @param x A `gentlenn_run` from [train_digits()].
#' @param type `"history"` (test accuracy per epoch), `"confusion"` (heat map),
#'   `"misclassified"` (the first 20 misclassified digits) or `"backquery"` (what the network
#'   imagines for each label).
#' @param ... Unused.
#' @return A ggplot object, or `x` invisibly after drawing with base graphics.
#' @examplesIf gentlenn_available()
#' run <- train_digits(load_mnist(), hidden_nodes = 20, seed = 1, progress = FALSE)
#' plot(run, "confusion")
#' @export
plot.gentlenn_run <- function(x, type = c("history", "confusion", "misclassified", "backquery"), ...) {
  type <- check_choice(type, c("history", "confusion", "misclassified", "backquery"), "type")
  if (type == "misclassified") {
    m <- utils::head(x$misclassified, 20)
    return(plot_digits(x$x_test[m$index, , drop = FALSE], sprintf("%d seen as %d", m$label, m$predicted)))
  }
  if (type == "backquery") {
    imgs <- backquery_images(x$classifier)
    return(plot_digits(imgs, paste("label", x$classifier$classes)))
  }
  if (type == "confusion") {
    d <- as.data.frame(x$confusion, responseName = "n")
    if (use_ggplot()) {
      return(ggplot2::ggplot(d, ggplot2::aes(.data$predicted, .data$label, fill = .data$n)) +
        ggplot2::geom_tile() + ggplot2::geom_text(ggplot2::aes(label = .data$n), size = 3) +
        ggplot2::scale_fill_gradient(low = "white", high = "steelblue") +
        ggplot2::scale_y_discrete(limits = rev) +
        ggplot2::labs(x = "predicted", y = "true label",
                      title = sprintf("Confusion matrix: accuracy %.4f", x$accuracy)) +
        ggplot2::theme_minimal())
    }
    graphics::image(seq_len(ncol(x$confusion)), seq_len(nrow(x$confusion)), t(unclass(x$confusion)),
                    col = grDevices::hcl.colors(20, "Blues", rev = TRUE), xlab = "predicted",
                    ylab = "true label", main = "Confusion matrix")
    return(invisible(x))
  }
  plot(x$classifier)
}

#' Test accuracy against one setting of the network, over random restarts
#'
#' The book's experiments: vary the learning rate, the number of epochs, the hidden layer's size or
#' the rotation augmentation, train `restarts` times for each value (restart `r` uses seed
#' `seed + r`), and measure the test accuracy. Runs go in parallel with `n_jobs` (threads in the
#' Python core, which train at once: the kernels release Python's lock) or on a Dask cluster
#' (`scheduler`). The same arguments give the same table in R, in Python
#' (`gentlenn.experiments.experiment`) and on the command line (`gentlenn experiment`), wherever
#' the runs ran.
#'
#' With `results`, each finished run is appended to a CSV file at once; calling again with the
#' same file skips the runs already there, so an interrupted sweep (Esc, a crash, a lost
#' connection) resumes where it stopped. A file holding a sweep with other settings is an error.
#'
#' @param data Digits from [load_mnist()].
#' @param vary The setting to vary. `r spec_doc("experiment", "vary")`
#' @param values Values of `vary` to try; `NULL` for the book's.
#' @param restarts Runs per value. `r spec_doc("experiment", "restarts")`
#' @param seed Seed of the first restart; `NULL` draws one from R's random stream.
#' @param n_jobs Parallel jobs (joblib threads: the core's process-based workers cannot start
#'   inside R). Ignored with `scheduler`. `r spec_doc("experiment", "n_jobs")` The upper bound is
#'   4 per core unless the environment variable `GENTLENN_MAX_JOBS` says otherwise.
#' @param scheduler A Dask scheduler's address (`"tcp://host:8786"`) or scheduler file
#'   (`dask scheduler --scheduler-file F`) to run every (value, restart) run on that cluster; needs
#'   the Python package `dask[distributed]` (`pip install 'gentlenn[dask]'`).
#' @param results Path of a CSV file that keeps the finished runs (see Details).
#' @param progress Show a progress bar over the runs.
#' @param ... The other settings: `hidden_nodes` (100), `learning_rate` (0.1), `epochs` (1),
#'   `rotation_angle` (0).
#' @return A data frame of class `gentlenn_experiment`: the varied setting, `restart` (counted
#'   from 1), `seed`, `accuracy`, `seconds`. It has `summary()`, `plot()` and `as.data.frame()`
#'   methods.
#' @examplesIf gentlenn_available()
#' ex <- digits_experiment(load_mnist(), "learning_rate", c(0.1, 0.3), restarts = 2, hidden_nodes = 20)
#' summary(ex)
#' @export
digits_experiment <- with_spec_defaults("experiment", function(data, vary, values = NULL, restarts, seed = NULL, n_jobs,
                                                              ..., scheduler = NULL, results = NULL,
                                                              progress = interactive()) {
  py <- core()
  p <- check_params("experiment", vary = vary, restarts = restarts, n_jobs = n_jobs)
  vary <- p$vary
  if (is.null(values)) values <- unlist(as_r(reticulate::py_get_item(py$book$EXPERIMENT_VALUES, vary)))
  values <- check_each(values, "NeuralNetworkClassifier", vary)
  restarts <- p$restarts
  n_jobs <- p$n_jobs
  seed <- resolve_seed(seed, callable = "experiment")  # an integer seed (the classifier's also takes generators)
  if (!is.null(scheduler)) scheduler <- check_string(scheduler, "scheduler")
  if (!is.null(results)) results <- path.expand(check_string(results, "results"))
  check_flag(progress, "progress")
  d <- digits_to_py(data)
  values <- as.list(values)
  bar <- progress_bar(progress)
  on.exit(bar$close())
  table <- call_core(py_frame(py$experiments$experiment(
    d, vary, values, restarts = restarts, random_state = seed, n_jobs = n_jobs, backend = "threading",
    scheduler = scheduler, results = results, callback = bar$callback, ...
  )))
  table$restart <- as.integer(table$restart) + 1L  # R counts restarts from 1
  table$seed <- as.integer(table$seed)
  new_gentlenn_experiment(table)
})

#' @rdname digits_experiment
#' @param x A `gentlenn_experiment`.
#' @param row.names,optional Unused (as for [as.data.frame()]).
#' @export
as.data.frame.gentlenn_experiment <- function(x, row.names = NULL, optional = FALSE, # nolint: object_name_linter.
                                              ...) {
  structure(x, class = "data.frame")
}

#' @rdname digits_experiment
#' @param object A `gentlenn_experiment`.
#' @export
summary.gentlenn_experiment <- function(object, ...) {
  # plain R, so a saved table (readRDS(), read.csv()) prints without Python; the same columns as
  # the core's summarise_experiment(), which the tests compare it with
  vary <- names(object)[1]
  groups <- split(object$accuracy, object[[vary]])
  out <- data.frame(as.numeric(names(groups)), vapply(groups, mean, 0), vapply(groups, stats::sd, 0),
                    vapply(groups, min, 0), vapply(groups, max, 0), lengths(groups), row.names = NULL)
  names(out) <- c(vary, "mean", "sd", "min", "max", "restarts")
  out
}

#' @rdname digits_experiment
#' @export
print.gentlenn_experiment <- function(x, ...) {
  cat(sprintf("<gentlenn experiment> test accuracy against %s, %d restart(s) each, first seed %d\n",
              names(x)[1], max(x$restart), min(x$seed)))
  print(summary(x), row.names = FALSE)
  invisible(x)
}

#' Plot an experiment: the book's chart
#'
#' Test accuracy against the varied setting; each restart a point, the mean a line.
#'
#' @param x A `gentlenn_experiment` from [digits_experiment()].
#' @param ... Unused.
#' @return A ggplot object, or `x` invisibly after drawing with base graphics.
#' @examplesIf gentlenn_available()
#' plot(digits_experiment(load_mnist(), "hidden_nodes", c(5, 20), restarts = 2, seed = 1))
#' @export
plot.gentlenn_experiment <- function(x, ...) {
  vary <- names(x)[1]
  s <- summary(x)
  label <- gsub("_", " ", vary)
  if (use_ggplot()) {
    return(ggplot2::ggplot(as.data.frame(unclass(x)), ggplot2::aes(.data[[vary]], .data$accuracy)) +
      ggplot2::geom_ribbon(data = s, ggplot2::aes(.data[[vary]], ymin = .data$min, ymax = .data$max),
                           inherit.aes = FALSE, fill = "grey80", alpha = 0.6) +
      ggplot2::geom_point(alpha = 0.5, colour = slope_colours[1]) +
      ggplot2::geom_line(data = s, ggplot2::aes(.data[[vary]], .data$mean)) +
      ggplot2::labs(x = label, y = "test accuracy (performance)",
                    title = paste("Performance against", label)) +
      ggplot2::theme_minimal())
  }
  graphics::plot(x[[vary]], x$accuracy, xlab = label, ylab = "test accuracy", pch = 16,
                 col = grDevices::adjustcolor(slope_colours[1], 0.5), main = paste("Performance against", label))
  graphics::lines(s[[vary]], s$mean)
  invisible(x)
}
