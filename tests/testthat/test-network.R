book_333 <- function() {
  neural_network(3, 3, 3, weights = list(
    matrix(c(0.9, 0.3, 0.4, 0.2, 0.8, 0.2, 0.1, 0.5, 0.6), 3, byrow = TRUE),
    matrix(c(0.3, 0.7, 0.5, 0.6, 0.5, 0.2, 0.8, 0.1, 0.9), 3, byrow = TRUE)))
}

test_that("the book's 2x2 and 3x3x3 examples from R", {
  skip_if_no_core()
  net22 <- neural_network(2, 2, 2, weights = list(matrix(c(0.9, 0.2, 0.3, 0.8), 2), diag(2)))
  expect_equal(round(query_network(net22, c(1, 0.5), return_hidden = TRUE)$hidden, 4), c(0.7408, 0.6457))
  net <- book_333()
  out <- query_network(net, c(0.9, 0.1, 0.8), return_hidden = TRUE)
  expect_equal(round(out$hidden, 3), c(0.761, 0.603, 0.650))
  # the book prints 0.726 0.708 0.778, having rounded the output layer's inputs first
  expect_equal(out$outputs, c(0.726, 0.708, 0.778), tolerance = 1e-3)
  expect_equal(round(ref_sigmoid(c(0.975, 0.888, 1.254)), 3), c(0.726, 0.708, 0.778))
})

test_that("the book's error split and weight update, by the core and by hand", {
  skip_if_no_core()
  py <- reticulate::import("gentlenn")
  W <- matrix(c(2, 1, 3, 4), 2)  # nolint: object_name_linter. W[k, j]: hidden j -> output k (the book's W)
  e <- c(0.8, 0.5)
  expect_equal(as.vector(py$split_errors(W, e, "proportional")), c(0.42, 0.88), tolerance = 1e-15)
  expect_equal(as.vector(py$split_errors(W, e, "transpose")), c(2.1, 4.4), tolerance = 1e-15)
  new <- py$weight_update(matrix(c(2, 3), 1), c(0.4, 0.5), 0.8, 0.1)
  expect_equal(round(new[1, 1], 6), 2.002650)
  o <- ref_sigmoid(2 * 0.4 + 3 * 0.5)
  expect_equal(round(2 + 0.1 * 0.8 * o * (1 - o) * 0.4, 6), round(new[1, 1], 6))
})

test_that("shared fixtures: the plain-R reference and the Python core from R agree to 1e-12", {
  skip_if_no_core()
  for (case in read_net_cases()) {
    wih <- fixture_matrix(case$wih)
    who <- fixture_matrix(case$who)
    lr <- as.numeric(case$learning_rate)
    net <- neural_network(ncol(wih), nrow(wih), nrow(who), lr, weights = list(wih, who),
                          error_split = case$error_split)
    inputs <- fixture_matrix(case$inputs)
    targets <- fixture_matrix(case$targets)
    for (i in seq_along(case$steps)) {
      step <- case$steps[[i]]
      ref <- ref_query(wih, who, inputs[i, ])
      got <- query_network(net, inputs[i, ], return_hidden = TRUE)
      expect_equal(got$outputs, as.numeric(unlist(step$outputs)), tolerance = 1e-12)
      expect_equal(ref$outputs, as.numeric(unlist(step$outputs)), tolerance = 1e-12)
      expect_equal(got$hidden, as.numeric(unlist(step$hidden)), tolerance = 1e-12)
      stepped <- ref_train(wih, who, inputs[i, ], targets[i, ], lr, case$error_split)
      wih <- stepped$wih
      who <- stepped$who
      net <- train_network(net, inputs[i, ], targets[i, ])
      expect_equal(net$wih, fixture_matrix(step$wih), tolerance = 1e-12)
      expect_equal(net$who, fixture_matrix(step$who), tolerance = 1e-12)
      expect_equal(wih, fixture_matrix(step$wih), tolerance = 1e-12)
      expect_equal(who, fixture_matrix(step$who), tolerance = 1e-12)
    }
  }
})

test_that("train_network() returns a new network and leaves its argument unchanged", {
  skip_if_no_core()
  net <- neural_network(4, 3, 2, seed = 7)
  before <- net
  net2 <- train_network(net, c(0.1, 0.5, 0.9, 0.3), c(0.99, 0.01))
  expect_identical(net, before)
  expect_false(identical(net2$wih, net$wih))
  several <- train_network(net, rbind(c(0.1, 0.5, 0.9, 0.3), c(0.2, 0.2, 0.2, 0.2)),
                           rbind(c(0.99, 0.01), c(0.01, 0.99)))
  one_by_one <- train_network(train_network(net, c(0.1, 0.5, 0.9, 0.3), c(0.99, 0.01)), c(0.2, 0.2, 0.2, 0.2),
                              c(0.01, 0.99))
  expect_identical(several, one_by_one)
  expect_identical(neural_network(4, 3, 2, seed = 7), net)  # same seed, same weights
})

test_that("print, predict, backquery and plot", {
  skip_if_no_core()
  net <- neural_network(6, 4, 3, learning_rate = 0.2, seed = 1)
  expect_output(print(net), "6 inputs -> 4 hidden -> 3 outputs")
  expect_output(print(net), "learning rate 0.2")
  m <- matrix(runif(12), 2)
  expect_equal(predict(net, m), query_network(net, m))
  expect_equal(dim(predict(net, m)), c(2L, 3L))
  b <- backquery_network(net, c(0.99, 0.01, 0.01))
  expect_length(b, 6)
  expect_equal(range(b), c(0.01, 0.99))
  path <- tempfile(fileext = ".png")
  grDevices::png(path)
  expect_identical(plot(net), net)
  grDevices::dev.off()
  expect_gt(file.size(path), 0)
})

test_that("save_network/load_network round-trip exactly, and jsonlite reads the file", {
  skip_if_no_core()
  net <- neural_network(5, 4, 3, seed = 2, error_split = "proportional")
  path <- tempfile(fileext = ".json")
  expect_identical(save_network(net, path), path)
  expect_identical(load_network(path), net)
  raw <- jsonlite::fromJSON(path)
  expect_identical(raw$format, "gentlenn-network")
  expect_identical(raw$version, 2L)
  expect_identical(raw$wih, net$wih)
  writeLines('{"format": "gentlenn-network", "version": 1, "input', path)
  expect_error(load_network(path), "truncated or not valid JSON", class = "gentlenn_file_error")
  expect_error(load_network(tempfile()), "does not exist", class = "gentlenn_file_error")
  writeLines(paste('{"format": "gentlenn-network", "version": 2, "input_nodes": 1, "hidden_nodes": 1,',
                   '"output_nodes": 1, "learning_rate": 0.3, "wih": [["1"]], "who": [[1]]}'), path)
  expect_error(load_network(path), "only finite JSON numbers", class = "gentlenn_file_error")
})

test_that("bad input: clear errors naming the argument", {
  skip_if_no_core()
  expect_error(neural_network(0, 3, 2), "`input_nodes` must be a whole number from 1 to 100000, got 0.", fixed = TRUE,
               class = "gentlenn_bad_argument")
  expect_error(neural_network(3, 3, 2, learning_rate = -1), "`learning_rate` must be a single number > 0, got -1.",
               fixed = TRUE, class = "gentlenn_bad_argument")
  expect_error(neural_network(3, 3, 2, weights = list(diag(2), diag(2))),
               "`weights[[1]]` must be a finite numeric 3 x 3 matrix, got a 2 x 2 double matrix.", fixed = TRUE,
               class = "gentlenn_bad_argument")
  expect_error(neural_network(3, 3, 2, weights = diag(3)), "`weights`", class = "gentlenn_bad_argument")
  net <- neural_network(3, 2, 2, seed = 1)
  expect_error(query_network(net, c(1, 2)), "`inputs` must have 3 values per example, got 2.", fixed = TRUE,
               class = "gentlenn_bad_argument")
  expect_error(query_network(net, c(1, NA, 2)), "`inputs` has missing values (NA) in rows 1", fixed = TRUE,
               class = "gentlenn_bad_argument")
  expect_error(query_network(net, "a"), "`inputs` must be a numeric matrix or data frame, got \"a\".",
               fixed = TRUE, class = "gentlenn_bad_argument")
  expect_error(train_network(net, c(0.1, 0.2, 0.3), c(1, 0)), "strictly between 0 and 1",
               class = "gentlenn_bad_argument")
  expect_error(query_network(list(), 1), "`object` must be a gentlenn_network", class = "gentlenn_bad_argument")
})
