# Every export and S3 method as the very first call of a fresh Rscript: with the core it works;
# with a Python that lacks the core it stops with gentlenn_core_missing (or works, for the pure-R
# ones); never a crash. reticulate 1.28 segfaults when numpy conversion runs before Python starts.
# Objects for the methods come from saveRDS(): a user who reloads a saved fit calls predict() first.

first_calls <- list(
  # name = c(needs the core?, code)
  animate_slope = list(FALSE, 'animate_slope(o$slope_r, tempfile(fileext = ".gif"), max_frames = 3)'),
  backquery_images = list(TRUE, "backquery_images(o$net)"),
  backquery_network = list(TRUE, "backquery_network(o$net, c(0.99, 0.01))"),
  digits_8x8 = list(TRUE, "suppressWarnings(digits_8x8())"),  # deprecated alias
  load_digits_8x8 = list(TRUE, "load_digits_8x8()"),
  digits_experiment = list(TRUE, 'digits_experiment(o$digits, "hidden_nodes", 3, restarts = 1, seed = 1)'),
  gentlenn_available = list(FALSE, "gentlenn_available()"),
  install_gentlenn = list(NA, "install_gentlenn(source = tempdir())"),  # a bad source: classed error
  iris_two_class = list(FALSE, "iris_two_class()"),
  load_mnist = list(TRUE, "load_mnist()"),
  load_network = list(TRUE, "load_network(o$files$net)"),
  mnist_sample = list(TRUE, "suppressWarnings(mnist_sample())"),  # deprecated alias
  load_mnist_sample = list(TRUE, "load_mnist_sample()"),
  network_classifier = list(TRUE, "network_classifier(formula = Species ~ ., data = iris, hidden_nodes = 3)"),
  gentlenn_caret_model = list(FALSE, "gentlenn_caret_model()"),
  book_results = list(TRUE, "book_results()"),
  reproduce_book = list(TRUE, "reproduce_book(o$digits, rows = 1, seeds = 1, progress = FALSE)"),
  print.gentlenn_reproduction = list(FALSE, "print(o$reproduction)"),
  plot.gentlenn_reproduction = list(FALSE, "plot(o$reproduction)"),
  as.data.frame.gentlenn_reproduction = list(FALSE, "as.data.frame(o$reproduction)"),
  neural_network = list(TRUE, "neural_network(3, 2, 2)"),
  plot_digits = list(FALSE, "plot_digits(matrix(runif(8), 2))"),
  query_network = list(TRUE, "query_network(o$net, c(0.1, 0.5, 0.9), return_hidden = TRUE)"),
  read_digit_images = list(TRUE, "read_digit_images(o$files$png)"),
  read_idx = list(TRUE, "suppressWarnings(read_idx(o$files$idx_images, o$files$idx_labels))"),
  read_idx_pair = list(TRUE, "read_idx_pair(o$files$idx_images, o$files$idx_labels)"),
  read_mnist_csv = list(TRUE, "read_mnist_csv(o$files$csv)"),
  save_network = list(TRUE, "save_network(o$net, tempfile(fileext = '.json'))"),
  slope_classifier = list(TRUE, "slope_classifier(bugs, slope = 0.25)"),
  slope_history = list(FALSE, "slope_history(o$slope_py)"),
  slope_learning_rate_study = list(TRUE, "slope_learning_rate_study(iris_two_class(), 0.1, 1)"),
  slope_update = list(TRUE, "slope_update(0.25, 3, 1.1)"),
  split_digits = list(TRUE, "split_digits(list(x = matrix(runif(40), 20), y = rep(0:1, 10)), test_size = 4)"),
  train_digits = list(TRUE, "train_digits(o$digits, hidden_nodes = 3, seed = 1, progress = FALSE)"),
  train_network = list(TRUE, "train_network(o$net, c(0.1, 0.5, 0.9), c(0.99, 0.01))"),
  as.data.frame.gentlenn_classifier = list(FALSE, "as.data.frame(o$clf)"),
  as.data.frame.gentlenn_experiment = list(FALSE, "as.data.frame(o$experiment)"),
  as.data.frame.gentlenn_run = list(FALSE, "as.data.frame(o$run)"),
  as.data.frame.gentlenn_slope = list(FALSE, "as.data.frame(o$slope_py)"),
  coef.gentlenn_classifier = list(FALSE, "coef(o$clf)"),
  coef.gentlenn_network = list(FALSE, "coef(o$net)"),
  coef.gentlenn_slope = list(FALSE, "coef(o$slope_py)"),
  fitted.gentlenn_classifier = list(FALSE, "fitted(o$clf)"),
  fitted.gentlenn_slope = list(TRUE, "fitted(o$slope_py)"),
  network_classifier.default = list(NA, "network_classifier(iris$Sepal.Length, iris$Species)"),  # a classed error
  network_classifier.formula = list(TRUE, "network_classifier(Species ~ ., data = iris, hidden_nodes = 3)"),
  network_classifier.matrix = list(TRUE, "network_classifier(as.matrix(iris[, 1:4]), iris$Species, hidden_nodes = 3)"),
  network_classifier.data.frame = list(TRUE, "iris |> network_classifier(Species ~ ., hidden_nodes = 3)"),
  formula.gentlenn_classifier = list(FALSE, "formula(o$clf)"),
  nobs.gentlenn_classifier = list(FALSE, "nobs(o$clf)"),
  nobs.gentlenn_slope = list(FALSE, "nobs(o$slope_py)"),
  plot.gentlenn_classifier = list(FALSE, "plot(o$clf)"),
  plot.gentlenn_experiment = list(FALSE, "plot(o$experiment)"),
  plot.gentlenn_lr_study = list(FALSE, "plot(o$study)"),
  plot.gentlenn_network = list(FALSE, "plot(o$net)"),
  plot.gentlenn_run = list(TRUE, 'plot(o$run, "backquery")'),
  plot.gentlenn_slope = list(FALSE, "plot(o$slope_py)"),
  predict.gentlenn_classifier = list(TRUE, "predict(o$clf, iris[1:3, ])"),
  predict.gentlenn_network = list(TRUE, "predict(o$net, c(0.1, 0.5, 0.9))"),
  predict.gentlenn_slope = list(TRUE, "predict(o$slope_py, iris_two_class()[1:3, ])"),
  print.gentlenn_classifier = list(FALSE, "print(o$clf)"),
  `"$".gentlenn_history` = list(FALSE, "suppressWarnings(o$run$history$test_accuracy)"),
  `"[[".gentlenn_history` = list(FALSE, 'o$run$history[["val_accuracy"]]'),
  print.gentlenn_digits = list(FALSE, "print(o$digits)"),
  playground = list(TRUE, "close(playground(browser = FALSE))"),
  print.gentlenn_playground = list(FALSE, "print(o$pg)"),
  close.gentlenn_playground = list(FALSE, "close(o$pg)"),
  preparation_experiment = list(TRUE, paste('preparation_experiment(o$digits, inputs = "book", targets = "book",',
                                            'weights = "zero", restarts = 1, epochs = 1, hidden_nodes = 2, seed = 1)')),
  summary.gentlenn_preparation = list(TRUE, "summary(o$prep)"),
  print.gentlenn_preparation = list(TRUE, "print(o$prep)"),
  plot.gentlenn_preparation = list(TRUE, "plot(o$prep)"),
  gradient_check = list(TRUE, "gradient_check(o$net, c(0.1, 0.5, 0.9), c(0.2, 0.8))"),
  error_surface = list(TRUE, "error_surface(starts = 2, steps = 5, seed = 1)"),
  print.gentlenn_error_surface = list(FALSE, "print(o$surface)"),
  plot.gentlenn_error_surface = list(FALSE, "plot(o$surface)"),
  animate_error_surface = list(TRUE, 'animate_error_surface(o$surface, tempfile(fileext = ".gif"), max_frames = 2)'),
  output_table = list(TRUE, "output_table(o$run, rows = 1)"),
  plot.gentlenn_output_table = list(FALSE, "plot(o$outputs)"),
  print.gentlenn_experiment = list(FALSE, "print(o$experiment)"),
  print.gentlenn_network = list(FALSE, "print(o$net)"),
  print.gentlenn_run = list(FALSE, "print(o$run)"),
  print.gentlenn_slope = list(FALSE, "print(o$slope_py)"),
  print.summary.gentlenn_classifier = list(FALSE, "print(summary(o$clf))"),
  print.summary.gentlenn_slope = list(FALSE, "print(summary(o$slope_r))"),
  summary.gentlenn_classifier = list(FALSE, "summary(o$clf)"),
  summary.gentlenn_experiment = list(FALSE, "summary(o$experiment)"),
  summary.gentlenn_slope = list(TRUE, "summary(o$slope_py)")
)

test_that("the table names every export and every S3 method", {
  ns <- readLines(system.file("NAMESPACE", package = "gentlenn"))
  exports <- sub("^export\\((.*)\\)$", "\\1", grep("^export\\(", ns, value = TRUE))
  methods <- sub("^S3method\\(([^,]+),(.*)\\)$", "\\1.\\2", grep("^S3method\\(", ns, value = TRUE))
  expect_setequal(names(first_calls), c(exports, methods))
})

# Objects the methods need, made here and read back with readRDS() in the fresh processes.
first_call_objects <- function() {
  d <- load_mnist()
  keep <- c(1:60, 2001:2060)
  digits <- structure(list(x_train = d$x_train[keep, ], x_test = d$x_test[1:40, ],
                           y_train = d$y_train[keep], y_test = d$y_test[1:40]), class = "gentlenn_digits")
  dir <- tempfile("first-call")
  dir.create(dir)
  files <- list(net = file.path(dir, "net.json"), png = file.path(dir, "digit.png"),
                idx_images = file.path(dir, "images.idx"), idx_labels = file.path(dir, "labels.idx"),
                csv = file.path(dir, "digits.csv"))
  net <- neural_network(3, 2, 2, seed = 1)
  save_network(net, files$net)
  grDevices::png(files$png, 56, 56)
  graphics::par(mar = c(0, 0, 0, 0))
  graphics::image(matrix(d$x_test[1, ], 28)[, 28:1], col = grDevices::grey.colors(16), axes = FALSE)
  grDevices::dev.off()
  py_digits <- reticulate::import("gentlenn.data")
  py_digits$write_idx(files$idx_images, array(as.integer(d$x_test[1:3, ]), c(3L, 28L, 28L)))
  py_digits$write_idx(files$idx_labels, d$y_test[1:3])
  utils::write.table(cbind(d$y_test[1:3], d$x_test[1:3, ]), files$csv, sep = ",", row.names = FALSE,
                     col.names = FALSE)
  list(
    net = net, files = files, digits = digits,
    slope_py = slope_classifier(iris_two_class(), seed = 1),
    reproduction = reproduce_book(digits, rows = 1, seeds = 2, progress = FALSE),
    slope_r = slope_classifier(iris_two_class(), seed = 1, engine = "r"),
    study = slope_learning_rate_study(iris_two_class(), c(0.1, 1), 1:2, engine = "r"),
    clf = network_classifier(Species ~ ., data = iris, hidden_nodes = 3, seed = 1),
    run = train_digits(digits, hidden_nodes = 3, seed = 1, progress = FALSE),
    experiment = digits_experiment(digits, "hidden_nodes", c(2, 3), restarts = 1, seed = 1),
    prep = preparation_experiment(digits, inputs = "book", targets = "book", weights = c("zero", "book"),
                                  restarts = 1, epochs = 1, hidden_nodes = 2, seed = 1),
    surface = error_surface(starts = 2, steps = 5, seed = 1),
    pg = structure(list(url = "http://127.0.0.1:9/?token=gone", port = 9L, pid = 2147483646L, log = ""),
                   class = "gentlenn_playground"),  # a playground that has stopped
    outputs = output_table(train_digits(digits, hidden_nodes = 3, seed = 1, progress = FALSE), rows = 1:2)
  )
}

run_first_call <- function(code, objects_file, python) {
  res <- run_rscript(c(
    "suppressMessages(library(gentlenn))",
    sprintf('o <- readRDS("%s")', objects_file),
    "r <- tryCatch({", code, "; 'OK'}, error = function(e) paste(class(e)[1], conditionMessage(e)))",
    "cat('RESULT', r, '\\n')"
  ), env = paste0("RETICULATE_PYTHON=", python), wd = tempdir())
  res$result <- trimws(sub("^.*RESULT ([^\n]*).*$", "\\1", res$output))
  res
}

test_that("every export and method is safe as the first call of a fresh R, with and without the core", {
  skip_if_no_core()
  skip_if(identical(Sys.getenv("GENTLENN_IN_R_CHECK"), "1"), "run by the testthat step, not again in R CMD check")
  objects_file <- tempfile(fileext = ".rds")
  saveRDS(first_call_objects(), objects_file)
  with_core <- reticulate::py_config()$python
  bare <- tempfile("bare-venv")
  expect_equal(system2(with_core, c("-m", "venv", "--without-pip", bare), stdout = FALSE, stderr = FALSE), 0L)
  bare_python <- file.path(bare, "bin", "python")
  jobs <- expand.grid(name = names(first_calls), core = c(TRUE, FALSE), stringsAsFactors = FALSE)
  results <- parallel::mclapply(seq_len(nrow(jobs)), function(i) {
    run_first_call(first_calls[[jobs$name[i]]][[2]], objects_file, if (jobs$core[i]) with_core else bare_python)
  }, mc.cores = 2L)
  for (i in seq_len(nrow(jobs))) {
    name <- jobs$name[i]
    needs <- first_calls[[name]][[1]]
    res <- results[[i]]
    where <- sprintf("%s %s core: %s", name, if (jobs$core[i]) "with" else "without", res$output)
    expect_equal(res$status, 0L, info = where)  # never a signal
    expected <- if (is.na(needs)) "^gentlenn_bad_argument" else if (jobs$core[i] || !needs) "^OK$" else
      "^gentlenn_core_missing"
    expect_match(res$result, expected, info = where)
  }
})
