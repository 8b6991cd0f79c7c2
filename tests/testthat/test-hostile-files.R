# Hostile files from R: every reader ends in a classed condition (gentlenn_file_error or
# gentlenn_limit, and gentlenn_error) in bounded time, in a fresh R session: never a hang (a FIFO,
# PostScript's endless loop), a crash or a raw Python error.

be32 <- function(n) as.raw(c(n %/% 2^24, (n %/% 2^16) %% 256, (n %/% 2^8) %% 256, n %% 256))

network_json <- function(learning_rate = "0.3", w = "0.125", training = "{\"epochs\": 2}") {
  sprintf(paste0('{"format": "gentlenn-network", "version": 2, "input_nodes": 2, "hidden_nodes": 2, ',
                 '"output_nodes": 1, "learning_rate": %s, "wih": [[0.5, -0.25], [1.0, %s]], ',
                 '"who": [[0.75, -1.5]], "training": %s}'), learning_rate, w, training)
}

# Crafted files (made here, a few bytes each) and, for each, the call and the class it must end in.
hostile_cases <- function(dir) {
  f <- function(name) file.path(dir, name)
  writeBin(charToRaw("%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 28 28\n{ } loop\n"), f("loop.png"))
  # 2,400,000 images of 28 x 28 declared (14 GiB as float64); the payload need not be there, as
  # the memory check comes before it is read
  con <- gzfile(f("bomb-idx3-ubyte.gz"), "wb")
  writeBin(c(as.raw(c(0, 0, 8, 3)), be32(2400000), be32(28), be32(28), raw(4096)), con)
  close(con)
  writeBin(c(as.raw(c(0, 0, 8, 1)), be32(3), raw(3)), f("labels-idx1-ubyte"))
  writeBin(c(as.raw(c(0, 0, 8, 3)), be32(0), be32(28), be32(28)), f("empty-idx3-ubyte"))
  writeBin(c(as.raw(c(0, 0, 8, 1)), be32(0)), f("empty-idx1-ubyte"))
  writeBin(c(as.raw(c(0, 0, 8, 3)), be32(2), be32(1), be32(1), as.raw(c(10, 20))), f("two-idx3-ubyte"))
  con <- file(f("float-labels-idx1-ubyte"), "wb")
  writeBin(c(as.raw(c(0, 0, 0x0E, 1)), be32(2)), con)
  writeBin(c(6.5, 1), con, size = 8, endian = "big")
  close(con)
  writeLines(network_json(w = "18446744073709551616"), f("int64-net.json"))
  writeLines(network_json(learning_rate = strrep("1", 400)), f("digits-net.json"))
  writeLines(network_json(training = paste0(strrep("[", 1e5), strrep("]", 1e5))), f("deep-net.json"))
  system2("mkfifo", shQuote(f("net.fifo")))
  q <- function(name) deparse(f(name))
  list(
    postscript = c(sprintf("read_digit_images(%s)", q("loop.png")), "gentlenn_file_error"),
    device_image = c('read_digit_images("/dev/zero")', "gentlenn_file_error"),
    device_network = c('load_network("/dev/zero")', "gentlenn_file_error"),
    fifo_network = c(sprintf("load_network(%s)", q("net.fifo")), "gentlenn_file_error"),
    integer_2_64 = c(sprintf("load_network(%s)", q("int64-net.json")), "gentlenn_file_error"),
    learning_rate_400_digits = c(sprintf("load_network(%s)", q("digits-net.json")), "gentlenn_file_error"),
    nested_100000 = c(sprintf("load_network(%s)", q("deep-net.json")), "gentlenn_file_error"),
    idx_bomb = c(sprintf("read_idx_pair(%s, %s)", q("bomb-idx3-ubyte.gz"), q("labels-idx1-ubyte")),
                 "gentlenn_limit"),
    idx_bomb_old_name = c(sprintf("suppressWarnings(read_idx(%s, %s))", q("bomb-idx3-ubyte.gz"),
                                  q("labels-idx1-ubyte")), "gentlenn_limit"),
    idx_no_images = c(sprintf("read_idx_pair(%s, %s)", q("empty-idx3-ubyte"), q("empty-idx1-ubyte")),
                      "gentlenn_file_error"),
    idx_float_label = c(sprintf("read_idx_pair(%s, %s)", q("two-idx3-ubyte"), q("float-labels-idx1-ubyte")),
                        "gentlenn_file_error"),
    idx_fifo = c(sprintf("read_idx_pair(%s, %s)", q("net.fifo"), q("labels-idx1-ubyte")), "gentlenn_file_error")
  )
}

test_that("hostile files end in classed errors from R within seconds", {
  skip_if_no_core()
  dir <- tempfile("hostile")
  dir.create(dir)
  cases <- hostile_cases(dir)
  code <- c(
    "library(gentlenn)",
    "invisible(gentlenn_available())  # start Python first: the times below are the readers' own",
    "case <- function(label, expr) {",
    "  t0 <- proc.time()[['elapsed']]",
    "  r <- tryCatch({force(expr); 'no error'}, error = function(e) paste(class(e), collapse = ' '))",
    "  cat(sprintf('CASE|%s|%s|%.2f\\n', label, r, proc.time()[['elapsed']] - t0))",
    "}",
    sprintf("case(%s, %s)", vapply(names(cases), deparse, ""), vapply(cases, `[[`, "", 1))
  )
  script <- tempfile(fileext = ".R")
  writeLines(code, script)
  libs <- paste0("R_LIBS=", paste(.libPaths(), collapse = .Platform$path.sep))
  out <- suppressWarnings(system2(file.path(R.home("bin"), "Rscript"), script, stdout = TRUE, stderr = TRUE,
                                  env = c(libs, "GENTLENN_MAX_MEMORY=8G"), timeout = 240))
  lines <- grep("^CASE\\|", out, value = TRUE)
  expect_length(lines, length(cases))  # none hung or crashed the session
  parts <- strsplit(sub("^CASE\\|", "", lines), "|", fixed = TRUE)
  got <- stats::setNames(lapply(parts, function(p) strsplit(p[2], " ")[[1]]), vapply(parts, `[[`, "", 1))
  seconds <- stats::setNames(as.numeric(vapply(parts, `[[`, "", 3)), names(got))
  for (name in names(cases)) {
    expect_true(cases[[name]][2] %in% got[[name]], info = paste(name, paste(got[[name]], collapse = " ")))
    expect_true("gentlenn_error" %in% got[[name]], info = name)
    expect_false("gentlenn_python_error" %in% got[[name]], info = name)  # a class the core chose, not a raw one
    expect_lt(seconds[[name]], 10)
  }
})
