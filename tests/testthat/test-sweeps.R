# A sweep from R on a Dask LocalCluster that the test starts (two worker processes on loopback),
# a resumable results file, and the progress bar. The Python tests kill workers and processes.

start_local_cluster <- function() {
  python <- reticulate::py_config()$python
  dir <- tempfile("cluster")
  dir.create(dir)
  script <- file.path(dir, "cluster.py")
  # LocalCluster spawns its workers: the code must sit in a file behind a __main__ guard.
  writeLines(c(
    "import pathlib, sys, time",
    "from distributed import LocalCluster",
    "if __name__ == '__main__':",
    "    here = pathlib.Path(sys.argv[1])",
    "    with LocalCluster(n_workers=2, threads_per_worker=1, host='127.0.0.1', dashboard_address=None) as c:",
    "        c.wait_for_workers(2)",
    "        (here / 'address.tmp').write_text(c.scheduler_address)",
    "        (here / 'address.tmp').rename(here / 'address')",
    "        while not (here / 'stop').exists():",
    "            time.sleep(0.1)"
  ), script)
  # without R's LD_LIBRARY_PATH, as install_gentlenn() starts Python (docs/threads.md)
  system2("env", c("-u", "LD_LIBRARY_PATH", shQuote(python), shQuote(script), shQuote(dir)), wait = FALSE,
          stdout = FALSE, stderr = file.path(dir, "log"))
  address_file <- file.path(dir, "address")
  deadline <- Sys.time() + 90
  while (!file.exists(address_file) && Sys.time() < deadline) Sys.sleep(0.1)
  if (!file.exists(address_file)) {
    stop("the LocalCluster did not start within 90 s:\n", paste(utils::tail(readLines(file.path(dir, "log")), 5),
                                                               collapse = "\n"))
  }
  list(address = readLines(address_file, warn = FALSE), stop = function() file.create(file.path(dir, "stop")))
}

test_that("a sweep on a LocalCluster gives the table of one job, in R's shape", {
  skip_if_no_core()
  cluster <- start_local_cluster()
  on.exit(cluster$stop())
  d <- digits_slice(test_size = 300)
  local <- digits_experiment(d, "learning_rate", c(0.1, 0.3), restarts = 2, hidden_nodes = 10, seed = 4,
                             progress = FALSE)
  expect_output(remote <- digits_experiment(d, "learning_rate", c(0.1, 0.3), restarts = 2, hidden_nodes = 10,
                                            seed = 4, scheduler = cluster$address, progress = TRUE), "100%")
  expect_s3_class(remote, "gentlenn_experiment")
  expect_identical(remote$accuracy, local$accuracy)
  expect_identical(remote$restart, c(1L, 2L, 1L, 2L))
  expect_identical(remote$seed, c(4L, 5L, 4L, 5L))
  expect_error(digits_experiment(d, "learning_rate", 0.1, restarts = 1, scheduler = 8786),
               "`scheduler` must be a single string", class = "gentlenn_bad_argument")
  expect_error(digits_experiment(d, "learning_rate", 0.1, restarts = 1, hidden_nodes = 10,
                                 scheduler = "tcp://127.0.0.1:9"),
               "cannot reach a Dask scheduler", class = "gentlenn_bad_argument")
})

test_that("a results file makes a sweep resumable and refuses another sweep", {
  skip_if_no_core()
  d <- digits_slice(test_size = 300)
  path <- tempfile(fileext = ".csv")
  part <- digits_experiment(d, "hidden_nodes", 5, restarts = 2, seed = 1, results = path, progress = FALSE)
  expect_equal(nrow(utils::read.csv(path)), 2)
  calls <- 0
  expect_output(whole <- digits_experiment(d, "hidden_nodes", c(5, 10), restarts = 2, seed = 1, results = path,
                                           progress = TRUE), "100%")
  expect_equal(nrow(utils::read.csv(path)), 4)
  expect_identical(whole$seconds[1:2], part$seconds)  # read back from the file, not trained again
  fresh <- digits_experiment(d, "hidden_nodes", c(5, 10), restarts = 2, seed = 1, progress = FALSE)
  expect_identical(whole$accuracy, fresh$accuracy)
  expect_error(digits_experiment(d, "hidden_nodes", 5, restarts = 2, seed = 1, learning_rate = 0.3,
                                 results = path, progress = FALSE),
               "learning_rate = 0.1, but this sweep has learning_rate = 0.3", class = "gentlenn_bad_argument")
  expect_error(digits_experiment(d, "hidden_nodes", 5, results = tempdir(), progress = FALSE),
               "is a folder", class = "gentlenn_file_error")
})
