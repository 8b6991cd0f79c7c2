# The book's published scores and the runs that reproduce them: R's face of python/gentlenn/reproduce.py.

reproduce_module <- function() reticulate::import("gentlenn.reproduce", convert = FALSE)

#' The book's published scores
#'
#' What the notebooks of the book's repository (makeyourownneuralnetwork/makeyourownneuralnetwork)
#' print as their "performance": test accuracy on full MNIST (60,000 training, 10,000 test digits),
#' one run each, trained in the file's order from unseeded `numpy.random.normal` weights. The
#' repository changed its initial weights on 2017-05-20 (commit c05487e): earlier rows use the first
#' printed edition's (`init = "first-edition"`), later ones today's (`"book"`).
#'
#' @return A data frame, one row per published figure: `row` (the number [reproduce_book()]'s `rows`
#'   takes), `notebook`, `hidden_nodes`, `learning_rate`, `epochs`, `rotation_angle` (10: each image
#'   also trained rotated by +-10 degrees), `init`, `score`, `commit` (the first commit showing it)
#'   and `date`.
#' @examplesIf gentlenn_available()
#' book_results()
#' @export
book_results <- function() {
  core()
  call_core(py_frame(reproduce_module()$book_results()))
}

#' Reproduce the book's runs
#'
#' Trains the network of each chosen row of [book_results()] as its notebook does (the digits in
#' the data's order, no shuffling; weights from numpy's legacy stream seeded as
#' `numpy.random.seed(seed)` seeds it, the row's edition of initial weights) once per seed, and sets
#' the seeds' mean and spread beside the book's single figure. One call into the Python core
#' (`gentlenn.reproduce.reproduce`), through the same sweep runner as [digits_experiment()]:
#' parallel threads (`n_jobs`), a Dask cluster (`scheduler`), a resumable `results` file.
#'
#' The book's figures are for full MNIST: `load_mnist("mnist", download = TRUE)` fetches it (needs
#' internet). On the 5,000-digit sample or Fashion-MNIST the runs show how the same procedure does
#' there; the book's figure is then a reference point, not a target.
#'
#' @param data Digits from [load_mnist()].
#' @param rows Rows of [book_results()] to run (`NULL`: all). Rows with the same settings share
#'   their runs.
#' @param seeds Runs per setting, with seeds `first_seed`, `first_seed + 1`, ...
#'   `r spec_doc("experiment", "restarts")`
#' @param first_seed The first seed. `r spec_doc("train_digits", "random_state")`
#' @param generator The stream each seed starts, see [neural_network()]: `"book"`, the stream that
#'   `numpy.random.seed` sets for the notebooks, or `"default"`. `r spec_doc("train_digits", "generator")`
#' @param method How each step is computed; `"reference"` and `"exact"` give the notebook's numbers
#'   to the last bit. `r spec_doc("NeuralNetworkClassifier", "method")`
#' @param n_train Train on the first `n_train` training digits only (quick runs); `NULL` for all.
#' @param n_jobs Parallel jobs (threads). `r spec_doc("experiment", "n_jobs")`
#' @param scheduler A Dask scheduler's address or scheduler file, as for [digits_experiment()].
#' @param results Path of a CSV file that keeps the finished runs; calling again with it resumes.
#' @param progress Show a progress bar over the runs.
#' @return A `gentlenn_reproduction`: `summary` (a data frame per book row: its settings, `book`
#'   (its score), `seeds`, `mean`, `sd`, `min`, `max`, `book_rank`: the share of our seeds below the
#'   book's figure, ties counting half, and `book_z`), `runs` (one row per setting and seed:
#'   `accuracy`, `seconds`), `data` (what the data were) and `book_data` (`TRUE` when they have full
#'   MNIST's size). It has `print()`, `plot()` and `as.data.frame()` (the summary) methods.
#' @examplesIf gentlenn_available()
#' rep <- reproduce_book(load_mnist(), rows = 1, seeds = 2, n_train = 500, progress = FALSE)
#' rep
#' @export
reproduce_book <- function(data = load_mnist(), rows = NULL, seeds = 3, first_seed = 0, generator = "book",
                           method = "auto", n_train = NULL, n_jobs = 1, scheduler = NULL, results = NULL,
                           progress = interactive()) {
  py <- core()
  seeds <- check_param(seeds, "experiment", "restarts", arg = "seeds")
  first_seed <- check_param(first_seed, "train_digits", "random_state", arg = "first_seed")
  generator <- check_param(generator, "train_digits", "generator")
  method <- check_param(method, "NeuralNetworkClassifier", "method")
  n_jobs <- check_param(n_jobs, "experiment", "n_jobs")
  if (!is.null(n_train)) n_train <- check_param(n_train, "experiment", "restarts", arg = "n_train")
  rows <- check_book_rows(rows, length(reticulate::py_to_r(py$book$BOOK_RESULTS)))
  if (!is.null(scheduler)) scheduler <- check_string(scheduler, "scheduler")
  if (!is.null(results)) results <- path.expand(check_string(results, "results"))
  check_flag(progress, "progress")
  d <- digits_to_py(data)
  bar <- progress_bar(progress)
  on.exit(bar$close())
  call_core({
    m <- reproduce_module()
    runs <- m$reproduce(d, rows = if (is.null(rows)) NULL else as.list(rows), seeds = seeds,
                        first_seed = first_seed, generator = generator, method = method, n_train = n_train,
                        n_jobs = n_jobs, backend = "threading", scheduler = scheduler, results = results,
                        callback = bar$callback)
    summary <- py_frame(m$summarise_reproduction(runs))
    words <- m$describe_data(NULL, d, n_train)
    runs_r <- py_frame(runs)
    runs_r$restart <- as.integer(runs_r$restart) + 1L  # R counts restarts from 1
    runs_r$seed <- as.integer(runs_r$seed)
    new_gentlenn_reproduction(summary, runs_r, data = as_r(words[0]),
                              book_data = nrow(data$x_train) == 60000L && nrow(data$x_test) == 10000L &&
                                (is.null(n_train) || n_train >= 60000L),
                              generator = generator)
  })
}

# rows of book_results(): NULL, or distinct whole numbers from 1 to n.
check_book_rows <- function(rows, n) {
  if (is.null(rows)) return(NULL)
  ok <- is.numeric(rows) && length(rows) >= 1L && !anyNA(rows) && all(rows == round(rows)) &&
    all(rows >= 1 & rows <= n) && !anyDuplicated(rows)
  if (!ok) {
    bad_argument(sprintf("`rows` must be NULL or different whole numbers from 1 to %d (rows of book_results()), %s",
                         n, sprintf("got %s.", describe(rows))), argument = "rows", value = rows)
  }
  as.integer(rows)
}

new_gentlenn_reproduction <- function(summary, runs, data, book_data, generator) {
  f <- "new_gentlenn_reproduction"
  field_check(is.data.frame(summary) && all(c("row", "book", "mean", "book_rank") %in% names(summary)), f,
              "summary", "a data frame with row, book, mean and book_rank")
  field_check(is.data.frame(runs) && all(c("seed", "accuracy") %in% names(runs)), f, "runs",
              "a data frame with seed and accuracy")
  field_check(is.character(data) && length(data) == 1L, f, "data", "a string")
  field_check(is.logical(book_data) && length(book_data) == 1L, f, "book_data", "TRUE or FALSE")
  structure(list(summary = summary, runs = runs, data = data, book_data = book_data, generator = generator),
            class = "gentlenn_reproduction")
}

#' @rdname reproduce_book
#' @param x A `gentlenn_reproduction`.
#' @param ... Unused.
#' @export
print.gentlenn_reproduction <- function(x, ...) {
  s <- x$summary
  cat(sprintf("<gentlenn reproduction> the book's runs on %s; %d seed(s) each, %s generator, no shuffling\n",
              x$data, max(s$seeds), x$generator))
  shown <- s[, c("row", "commit", "hidden_nodes", "learning_rate", "epochs", "rotation_angle", "init", "book",
                 "mean", "sd", "min", "max", "book_rank")]
  print(format(shown, digits = 4), row.names = FALSE)
  if (isTRUE(x$book_data)) {
    cat("The book's scores are for full MNIST: they compare with these runs if these are MNIST's digits",
        "(not Fashion-MNIST's).\n")
  } else {
    cat("The book's scores are for full MNIST (60,000 training, 10,000 test digits), not these data;",
        "for the book's data: load_mnist(\"mnist\", download = TRUE) (needs internet).\n")
  }
  invisible(x)
}

#' @rdname reproduce_book
#' @param row.names,optional Unused (as for [as.data.frame()]).
#' @export
as.data.frame.gentlenn_reproduction <- function(x, row.names = NULL,  # nolint: object_name_linter.
                                                optional = FALSE, ...) {
  x$summary
}

#' @rdname reproduce_book
#' @export
plot.gentlenn_reproduction <- function(x, ...) {
  s <- x$summary
  runs <- x$runs
  key <- function(d) paste(d$hidden_nodes, d$learning_rate, d$epochs, d$rotation_angle, d$init)
  label <- sprintf("%d: %d hidden, lr %s, %d ep%s, %s (%s)", as.integer(s$row), as.integer(s$hidden_nodes),
                   format(s$learning_rate), as.integer(s$epochs),
                   ifelse(s$rotation_angle > 0, sprintf(", rotated +-%s", format(s$rotation_angle)), ""), s$init,
                   s$commit)
  pts <- do.call(rbind, lapply(seq_len(nrow(s)), function(i) {
    a <- runs$accuracy[key(runs) == key(s[i, ])]
    data.frame(label = label[i], accuracy = a)
  }))
  pts$label <- factor(pts$label, levels = rev(label))
  book <- data.frame(label = factor(label, levels = rev(label)), accuracy = s$book, mean = s$mean)
  title <- paste("The book's runs, reproduced on", x$data)
  if (use_ggplot()) {
    return(ggplot2::ggplot(pts, ggplot2::aes(.data$accuracy, .data$label)) +
      ggplot2::geom_point(alpha = 0.6, colour = slope_colours[1]) +
      ggplot2::geom_point(data = book, ggplot2::aes(.data$mean, .data$label), shape = 124, size = 6,
                          colour = slope_colours[1]) +
      ggplot2::geom_point(data = book, shape = 18, size = 4, colour = slope_colours[2]) +
      ggplot2::labs(x = "test accuracy (blue: our seeds and their mean; red: the book)", y = NULL,
                    title = title) +
      ggplot2::theme_minimal())
  }
  old <- graphics::par(mar = c(4, 22, 3, 1))
  on.exit(graphics::par(old))
  graphics::plot(pts$accuracy, as.integer(pts$label), yaxt = "n", pch = 16, xlab = "test accuracy", ylab = "",
                 xlim = range(c(pts$accuracy, book$accuracy)), main = title,
                 col = grDevices::adjustcolor(slope_colours[1], 0.6))
  graphics::axis(2, at = seq_along(levels(pts$label)), labels = levels(pts$label), las = 1, cex.axis = 0.7)
  graphics::points(book$accuracy, as.integer(book$label), pch = 18, cex = 1.8, col = slope_colours[2])
  invisible(x)
}
