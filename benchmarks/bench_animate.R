# animate_slope(): the default GIF against 0.1's way (120 PNG files read back by magick), in one run.
#   RETICULATE_PYTHON=.venv/bin/python R_LIBS=.rlib Rscript benchmarks/bench_animate.R
suppressMessages(library(gentlenn))
fit <- slope_classifier(iris_two_class(), epochs = 5, shuffle = TRUE, seed = 42, engine = "r")
slopes <- c(fit$initial_slope, fit$history$slope)
d <- fit$data

png_frames <- function(file, max_frames = 120) {  # 0.1's method, kept here as the baseline
  frames <- unique(round(seq(1, length(slopes), length.out = min(max_frames, length(slopes)))))
  dir <- tempfile("frames")
  dir.create(dir)
  on.exit(unlink(dir, recursive = TRUE))
  paths <- file.path(dir, sprintf("frame%04d.png", seq_along(frames)))
  for (k in seq_along(frames)) {
    grDevices::png(paths[k], width = 560, height = 480)
    plot(d[[1]], d[[2]], xlim = c(0, max(d[[1]]) * 1.1), ylim = c(0, max(d[[2]]) * 1.1))
    abline(0, slopes[frames[k]], lwd = 2)
    grDevices::dev.off()
  }
  magick::image_write(magick::image_animate(magick::image_read(paths), fps = 10), file)
}

time_it <- function(f) median(replicate(3, system.time(f(tempfile(fileext = ".gif")))[["elapsed"]]))
baseline <- time_it(png_frames)
default <- time_it(function(file) animate_slope(fit, file))
cat(sprintf("0.1 method (120 PNG frames): %.2f s\nanimate_slope() default:     %.2f s\nratio: %.1fx faster\n",
            baseline, default, baseline / default))
