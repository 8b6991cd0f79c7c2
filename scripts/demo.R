gentlenn_uses_ggplot <- function() requireNamespace("ggplot2", quietly = TRUE)

# The R half of `make demo`: the default iris run of the Python command, repeated from R through
# both engines and printed side by side, plus R's figures and animation.
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args)) args[[1]] else "out"
suppressMessages(library(gentlenn))

py_run <- utils::read.csv(file.path(out, "iris_run.csv"))
d <- iris_two_class(py_run$x, py_run$y)
fit <- function(engine) {
  slope_classifier(d, learning_rate = py_run$learning_rate, epochs = py_run$epochs,
                   shuffle = toupper(py_run$shuffle) == "TRUE", margin = py_run$margin, seed = py_run$seed,
                   engine = engine)
}
via_python <- fit("python")
plain_r <- fit("r")
row <- function(label, initial, final, accuracy) {
  data.frame(run = label, initial_slope = sprintf("%.15f", initial),
             final_slope = sprintf("%.15f", final), accuracy = sprintf("%.4f", accuracy))
}
accuracy <- function(f) mean(predict(f) == d$species)
cat("\nThe default iris run, three ways (same seed, same numbers):\n\n")
print(rbind(
  row("Python (gentlenn command)", py_run$initial_slope, py_run$final_slope, py_run$accuracy),
  row("R -> Python core (reticulate)", via_python$initial_slope, via_python$slope, accuracy(via_python)),
  row("R, plain-R engine", plain_r$initial_slope, plain_r$slope, accuracy(plain_r))
), row.names = FALSE)
# the three must agree, not just sit side by side (the CSV holds %.17g, which R reads back exactly)
stopifnot(identical(as.numeric(py_run$final_slope), via_python$slope),
          identical(via_python$slope, plain_r$slope), identical(via_python$initial_slope, plain_r$initial_slope))

files <- file.path(out, c("r_iris_line.png", "r_iris_slope_trajectory.png",
                          "r_iris_learning_rates.png", "r_iris_line.gif"))
save_plot <- function(p, path) {  # ggplot2 when installed, else base graphics: a file either way
  if (inherits(p, "ggplot")) return(ggplot2::ggsave(path, p, width = 6.5, height = 5, dpi = 100))
  grDevices::png(path, width = 650, height = 500)
  on.exit(grDevices::dev.off())
  p()
}
save_plot(if (gentlenn_uses_ggplot()) plot(via_python) else function() plot(via_python), files[1])
save_plot(if (gentlenn_uses_ggplot()) plot(via_python, type = "trajectory") else
            function() plot(via_python, type = "trajectory"), files[2])
study <- slope_learning_rate_study(d, c(0.01, 0.03, 0.1, 0.3, 1), seeds = 1:10,
                                   epochs = py_run$epochs, shuffle = toupper(py_run$shuffle) == "TRUE")
save_plot(if (gentlenn_uses_ggplot()) plot(study) else function() plot(study), files[3])
animate_slope(via_python, files[4])
cat("\nwrote:\n", paste0("  ", files, "\n"), sep = "")

# The digits run of the Python demo, repeated from R (same seed, same numbers).
py_hist <- utils::read.csv(file.path(out, "digits_history.csv"))
run <- train_digits(load_mnist(), hidden_nodes = 100, learning_rate = 0.2, epochs = 3, seed = 0, progress = FALSE)
cat("\nDigits, 784-100-10, learning rate 0.2: test accuracy after each epoch\n\n")
print(data.frame(epoch = run$history$epoch, python = py_hist$val_accuracy, r = run$history$val_accuracy),
      row.names = FALSE)
stopifnot(isTRUE(all.equal(py_hist$val_accuracy, run$history$val_accuracy, tolerance = 0)))
backquery_png <- file.path(out, "r_digits_backquery.png")
save_plot(if (gentlenn_uses_ggplot()) plot(run, "backquery") else function() plot(run, "backquery"), backquery_png)
cat("\nwrote:\n  ", backquery_png, "\n", sep = "")
