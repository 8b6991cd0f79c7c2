# The book's published scores and reproduce_book(); the book's generator and both editions'
# initial weights from R. (The notebook runs bit for bit: tests/python/test_book_runs.py, which runs
# R's functions in a fresh Rscript against the retyped notebook.)

test_that("book_results() holds the notebooks' printed scores", {
  skip_if_no_core()
  b <- book_results()
  expect_identical(nrow(b), 11L)
  expect_identical(as.integer(b$row), 1:11)
  # typed from the notebooks' printed outputs in the book's repository (issue 24)
  expect_identical(b$score, c(0.9473, 0.9661, 0.9742, 0.9712, 0.9747, 0.9781, 0.9754, 0.975, 0.9734, 0.9733,
                              0.9711))
  expect_identical(b$commit, c("6be01b3", "ab71535", "f75481a", "c05487e", "6700fd0", "dfc1710", "c05487e",
                               "6700fd0", "ce39607", "c05487e", "6700fd0"))
  expect_identical(b$init[1:4], c("first-edition", "first-edition", "first-edition", "book"))
  expect_identical(b$rotation_angle[6:8], c(10, 10, 10))
})

test_that("a reproduced run is a network_classifier() run in the data's order with the book's seed", {
  skip_if_no_core()
  d <- load_mnist()
  rep <- reproduce_book(d, rows = 1, seeds = 2, first_seed = 5, n_train = 150, progress = FALSE)
  expect_s3_class(rep, "gentlenn_reproduction")
  expect_identical(rep$runs$seed, 5:6)
  expect_identical(rep$runs$restart, 1:2)
  fit <- network_classifier(d$x_train[1:150, ], d$y_train[1:150], hidden_nodes = 100, learning_rate = 0.3,
                            epochs = 1, input_range = c(0, 255), shuffle = FALSE, seed = 5, generator = "book",
                            init = "first-edition")
  expect_identical(rep$runs$accuracy[1], mean(predict(fit, d$x_test) == d$y_test))
  s <- rep$summary
  expect_identical(s$book, 0.9473)
  expect_equal(s$mean, mean(rep$runs$accuracy))
  expect_equal(s$sd, stats::sd(rep$runs$accuracy))
  expect_identical(s$book_rank, mean(rep$runs$accuracy < 0.9473))
  expect_false(rep$book_data)
  out <- capture.output(print(rep))
  expect_match(paste(out, collapse = " "), "150 training, 1,000 test digits")
  expect_match(paste(out, collapse = " "), "load_mnist(\"mnist\", download = TRUE)", fixed = TRUE)
  expect_identical(as.data.frame(rep), rep$summary)
  expect_no_error(plot(rep))
})

test_that("a results file resumes a reproduction to the same table", {
  skip_if_no_core()
  d <- digits_slice(n_train = 80, test_size = 200)
  path <- tempfile(fileext = ".csv")
  first <- reproduce_book(d, rows = c(4, 5), seeds = 2, results = path, progress = FALSE)
  expect_identical(nrow(first$runs), 2L)  # rows 4 and 5 share their settings
  expect_identical(length(readLines(path)), 3L)
  again <- reproduce_book(d, rows = c(4, 5), seeds = 2, results = path, progress = FALSE)
  expect_identical(again$runs$accuracy, first$runs$accuracy)
  expect_identical(again$runs$seconds, first$runs$seconds)  # read back, not run again
  expect_identical(length(readLines(path)), 3L)
})

test_that("reproduce_book() refuses bad arguments in R's words, naming them", {
  skip_if_no_core()
  d <- digits_slice(n_train = 20, test_size = 20)
  for (rows in list(0, 12, c(1, 1), 1.5, "1")) {
    err <- expect_error(reproduce_book(d, rows = rows, progress = FALSE), class = "gentlenn_bad_argument")
    expect_identical(err$argument, "rows")
  }
  cases <- list(seeds = 0, first_seed = -1, generator = "numpy", method = "fastest", n_train = 0, n_jobs = 0)
  for (arg in names(cases)) {
    err <- expect_error(do.call(reproduce_book, c(list(d), cases[arg], progress = FALSE)),
                        class = "gentlenn_bad_argument")
    expect_identical(err$argument, arg)
  }
})

test_that("R's defaults are the core's", {
  skip_if_no_core()
  py <- reticulate::py_to_r(core()$spec$signature_defaults(reticulate::import("gentlenn.reproduce")$reproduce))
  f <- formals(reproduce_book)
  for (name in c("rows", "seeds", "first_seed", "generator", "method", "n_train", "n_jobs", "scheduler",
                 "results")) {
    expect_equal(eval(f[[name]]), py[[name]], info = name)
  }
  choices <- reticulate::py_to_r(core()$book$GENERATORS)
  expect_identical(eval(formals(neural_network)$generator), unlist(choices))
  expect_identical(eval(formals(train_digits)$generator), unlist(choices))
  expect_identical(eval(formals(neural_network)$init), c("book", "first-edition"))
})

test_that("generator = \"book\" draws numpy.random.seed()'s weights; set.seed() still governs a missing seed", {
  skip_if_no_core()
  np <- reticulate::import("numpy", convert = FALSE)
  for (init in c("book", "first-edition")) {
    net <- neural_network(6, 4, 3, seed = 11, generator = "book", init = init)
    rs <- np$random$RandomState(11L)
    sd <- if (init == "book") c(6, 4) else c(4, 3)
    wih <- reticulate::py_to_r(rs$normal(0, sd[1]^-0.5, c(4L, 6L)))
    who <- reticulate::py_to_r(rs$normal(0, sd[2]^-0.5, c(3L, 4L)))
    expect_identical(net$wih, wih)
    expect_identical(net$who, who)
  }
  set.seed(4)
  a <- neural_network(6, 4, 3, generator = "book")
  set.seed(4)
  b <- neural_network(6, 4, 3, generator = "book")
  expect_identical(a$wih, b$wih)
  expect_identical(a$seed, b$seed)
  expect_false(identical(a$wih, neural_network(6, 4, 3, seed = a$seed)$wih))  # the default stream differs
})

test_that("init and the generator reach the network file", {
  skip_if_no_core()
  d <- digits_slice(n_train = 60, test_size = 20)
  run <- train_digits(d, hidden_nodes = 5, seed = 2, generator = "book", init = "first-edition", shuffle = FALSE,
                      progress = FALSE)
  path <- tempfile(fileext = ".json")
  save_network(run$classifier, path)
  training <- jsonlite::fromJSON(path)$training
  expect_identical(training$init, "first-edition")
  expect_identical(training$generator, "book")
  expect_identical(training$random_state, 2L)
  expect_identical(training$shuffle, FALSE)
  err <- expect_error(train_digits(d, hidden_nodes = 5, init = "second", progress = FALSE),
                      class = "gentlenn_bad_argument")
  expect_identical(err$argument, "init")
})
