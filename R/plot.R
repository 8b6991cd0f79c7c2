use_ggplot <- function() {
  getOption("gentlenn.plot", "ggplot2") == "ggplot2" && requireNamespace("ggplot2", quietly = TRUE)
}

slope_colours <- c("#1f77b4", "#d62728")

#' Plot a slope classifier
#'
#' `type = "line"` draws the two classes with the dividing line at the start (dashed), after each
#' epoch (faint) and at the end (solid); `type = "trajectory"` draws the slope after every update.
#' Uses ggplot2 when it is installed (and `options(gentlenn.plot)` is not `"base"`), base
#' graphics otherwise.
#'
#' @param x A `gentlenn_slope` from [slope_classifier()].
#' @param type `"line"` or `"trajectory"`.
#' @param ... Unused.
#' @return A ggplot object, or `x` invisibly after drawing with base graphics.
#' @examples
#' fit <- slope_classifier(iris_two_class(), seed = 42, epochs = 5, shuffle = TRUE, engine = "r")
#' plot(fit)
#' plot(fit, type = "trajectory")
#' @export
plot.gentlenn_slope <- function(x, type = c("line", "trajectory"), ...) {
  check_slope(x, "x")
  type <- check_choice(type, c("line", "trajectory"), "type")
  h <- x$history
  slopes <- c(x$initial_slope, h$slope)
  epoch_ends <- tapply(h$slope, h$epoch, function(s) s[length(s)])
  epoch_ends <- epoch_ends[-length(epoch_ends)]
  d <- x$data
  names(d) <- c("x", "y", "class")
  d$class <- factor(paste0(d$class, ifelse(d$class == x$above, " (above)", " (below)")))
  xmax <- max(d$x) * 1.1
  title <- sprintf("y = A x, learning rate %s, %d epoch(s)", format(x$learning_rate), max(h$epoch))
  if (type == "trajectory") {
    steps <- data.frame(update = seq_along(slopes) - 1L, slope = slopes)
    boundaries <- tapply(h$step, h$epoch, max)
    boundaries <- boundaries[-length(boundaries)]
    if (use_ggplot()) {
      return(ggplot2::ggplot(steps, ggplot2::aes(.data$update, .data$slope)) +
        ggplot2::geom_vline(xintercept = boundaries, colour = "grey70", linetype = "dotted") +
        ggplot2::geom_line() +
        ggplot2::labs(x = "update", y = "slope A", title = "The slope as it learns") +
        ggplot2::theme_minimal())
    }
    graphics::plot(steps$update, steps$slope, type = "l", xlab = "update", ylab = "slope A",
                   main = "The slope as it learns")
    graphics::abline(v = boundaries, col = "grey70", lty = 3)
    return(invisible(x))
  }
  lines <- data.frame(
    slope = c(x$initial_slope, unname(epoch_ends), x$slope),
    which = c("initial", rep("after each epoch", length(epoch_ends)), "final")
  )
  if (use_ggplot()) {
    return(ggplot2::ggplot(d, ggplot2::aes(.data$x, .data$y)) +
      ggplot2::geom_point(ggplot2::aes(colour = .data$class, shape = .data$class), size = 2) +
      ggplot2::geom_abline(data = lines, ggplot2::aes(slope = .data$slope, intercept = 0,
                                                      linetype = .data$which, alpha = .data$which)) +
      ggplot2::scale_colour_manual(values = slope_colours) +
      ggplot2::scale_linetype_manual(values = c(initial = "dashed", `after each epoch` = "solid",
                                                final = "solid")) +
      ggplot2::scale_alpha_manual(values = c(initial = 0.7, `after each epoch` = 0.25, final = 1)) +
      ggplot2::coord_cartesian(xlim = c(0, xmax), ylim = c(0, max(d$y) * 1.1), expand = FALSE) +
      ggplot2::labs(x = x$vars[["x"]], y = x$vars[["y"]], title = title,
                    subtitle = sprintf("initial A = %.3f, final A = %.3f", x$initial_slope, x$slope),
                    colour = NULL, shape = NULL, linetype = NULL, alpha = NULL) +
      ggplot2::theme_minimal())
  }
  graphics::plot(d$x, d$y, col = slope_colours[as.integer(d$class)], pch = c(16, 17)[as.integer(d$class)],
                 xlim = c(0, xmax), ylim = c(0, max(d$y) * 1.1), xlab = x$vars[["x"]],
                 ylab = x$vars[["y"]], main = title)
  for (s in epoch_ends) graphics::abline(0, s, col = grDevices::adjustcolor("darkgreen", 0.3))
  graphics::abline(0, x$initial_slope, lty = 2, col = "grey40")
  graphics::abline(0, x$slope, lwd = 2)
  graphics::legend("topleft", legend = c(levels(d$class), "initial", "final"), bty = "n",
                   col = c(slope_colours, "grey40", "black"), pch = c(16, 17, NA, NA),
                   lty = c(NA, NA, 2, 1), cex = 0.8)
  invisible(x)
}

#' Plot a learning-rate study
#'
#' Training accuracy and final slope against the learning rate (log scale), a point per seed and
#' a line through the means.
#'
#' @param x A `gentlenn_lr_study` from [slope_learning_rate_study()].
#' @param ... Unused.
#' @return A ggplot object, or `x` invisibly after drawing with base graphics.
#' @examples
#' plot(slope_learning_rate_study(iris_two_class(), c(0.01, 0.1, 1), 1:3, engine = "r"))
#' @export
plot.gentlenn_lr_study <- function(x, ...) {
  long <- rbind(
    data.frame(learning_rate = x$learning_rate, value = x$accuracy, measure = "training accuracy"),
    data.frame(learning_rate = x$learning_rate, value = x$final_slope, measure = "final slope")
  )
  means <- stats::aggregate(value ~ learning_rate + measure, data = long, FUN = mean)
  if (use_ggplot()) {
    return(ggplot2::ggplot(long, ggplot2::aes(.data$learning_rate, .data$value)) +
      ggplot2::geom_point(alpha = 0.5, colour = slope_colours[1]) +
      ggplot2::geom_line(data = means) +
      ggplot2::scale_x_log10() +
      ggplot2::facet_wrap(~measure, scales = "free_y") +
      ggplot2::labs(x = "learning rate", y = NULL,
                    title = "Slope classifier: effect of the learning rate") +
      ggplot2::theme_minimal())
  }
  old <- graphics::par(mfrow = c(1, 2))
  on.exit(graphics::par(old))
  for (m in c("training accuracy", "final slope")) {
    part <- long[long$measure == m, ]
    graphics::plot(part$learning_rate, part$value, log = "x", xlab = "learning rate", ylab = m,
                   col = grDevices::adjustcolor(slope_colours[1], 0.5), pch = 16)
    mm <- means[means$measure == m, ]
    graphics::lines(mm$learning_rate, mm$value)
  }
  invisible(x)
}

#' Animate the slope classifier's line as it learns
#'
#' Draws one frame per update (thinned to `max_frames`) and writes an animated GIF with the
#' magick package (Debian: `r-cran-magick`); the default takes about a second
#' (`benchmarks/bench_animate.R` measures it against 0.1's way).
#'
#' @param x A `gentlenn_slope` from [slope_classifier()].
#' @param file Path of the GIF to write.
#' @param fps Frames per second (a divisor of 100, as GIF timing needs).
#' @param max_frames Most frames to draw.
#' @return `file`, invisibly.
#' @examplesIf requireNamespace("magick", quietly = TRUE)
#' fit <- slope_classifier(iris_two_class(), seed = 42, epochs = 2, engine = "r")
#' gif <- animate_slope(fit, tempfile(fileext = ".gif"), max_frames = 10)
#' @export
animate_slope <- function(x, file, fps = 10, max_frames = 40) {
  check_slope(x, "x")
  check_string(file, "file")
  check_whole(fps, "fps")
  if (100 %% fps != 0) bad_argument(sprintf("`fps` must divide 100 (GIF timing), got %s.", describe(fps)))
  if (!requireNamespace("magick", quietly = TRUE)) {
    abort_gentlenn("animate_slope() needs the magick package (Debian: r-cran-magick).",
                   class = "gentlenn_missing_package")
  }
  check_whole(max_frames, "max_frames", min = 2)
  slopes <- c(x$initial_slope, x$history$slope)
  frames <- unique(round(seq(1, length(slopes), length.out = min(max_frames, length(slopes)))))
  d <- x$data
  xmax <- max(d[[1]]) * 1.1
  cls <- factor(d[[3]] == x$above, levels = c(TRUE, FALSE))
  # one PNG device for all frames (a page each) and magick's frame optimisation: about a second
  dir <- tempfile("gentlenn-frames")
  dir.create(dir)
  on.exit(unlink(dir, recursive = TRUE))
  grDevices::png(file.path(dir, "frame%04d.png"), width = 440, height = 360)
  for (k in seq_along(frames)) {
    graphics::plot(d[[1]], d[[2]], col = slope_colours[as.integer(cls)], pch = c(16, 17)[as.integer(cls)],
                   xlim = c(0, xmax), ylim = c(0, max(d[[2]]) * 1.1), xlab = x$vars[["x"]],
                   ylab = x$vars[["y"]],
                   main = sprintf("update %d of %d: A = %.3f", frames[k] - 1L, length(slopes) - 1L,
                                  slopes[frames[k]]))
    graphics::abline(0, slopes[frames[k]], lwd = 2)
  }
  grDevices::dev.off()
  frames_img <- magick::image_read(sort(list.files(dir, full.names = TRUE)))
  gif <- magick::image_animate(frames_img, fps = fps, optimize = TRUE)
  magick::image_write(gif, file)
  invisible(file)
}

#' Draw digit images in a grid
#'
#' @param images An array (n x side x side) or a matrix with one flattened square image per row.
#' @param titles Optional titles, one per image.
#' @return A ggplot object, or `NULL` invisibly after drawing with base graphics.
#' @examplesIf gentlenn_available()
#' d <- load_mnist()
#' plot_digits(d$x_test[1:10, ], d$y_test[1:10])
#' @export
plot_digits <- function(images, titles = NULL) {
  if (!is.numeric(images) || !length(dim(images)) %in% 2:3) {
    bad_argument(sprintf("`images` must be a numeric matrix (one image per row) or array, got %s.", describe(images)))
  }
  if (length(dim(images)) == 2L) {
    side <- round(sqrt(ncol(images)))
    if (side * side != ncol(images)) abort_gentlenn("`images` rows must be square images.",
                                                   class = "gentlenn_bad_argument")
    images <- array(t(images), dim = c(side, side, nrow(images)))  # rows are row-major pixels
    images <- aperm(images, c(3, 2, 1))
  }
  n <- dim(images)[1]
  side <- dim(images)[2]
  if (is.null(titles)) titles <- seq_len(n)
  titles <- factor(as.character(titles), levels = unique(as.character(titles)))
  if (use_ggplot()) {
    d <- data.frame(
      image = rep(titles, each = side * side)[seq_len(n * side * side)],
      row = rep(rep(seq_len(side), times = side), n),
      col = rep(rep(seq_len(side), each = side), n),
      value = as.vector(aperm(images, c(2, 3, 1)))
    )
    d$image <- rep(seq_len(n), each = side * side)
    d$title <- factor(titles[d$image], levels = levels(titles))
    return(ggplot2::ggplot(d, ggplot2::aes(.data$col, -.data$row, fill = .data$value)) +
      ggplot2::geom_raster() +
      ggplot2::scale_fill_gradient(low = "white", high = "black", guide = "none") +
      ggplot2::facet_wrap(~image, ncol = 5, labeller = ggplot2::as_labeller(
        stats::setNames(as.character(titles), seq_len(n)))) +
      ggplot2::coord_equal() + ggplot2::theme_void())
  }
  old <- graphics::par(mfrow = c(ceiling(n / 5), min(n, 5)), mar = c(0.5, 0.5, 1.5, 0.5))
  on.exit(graphics::par(old))
  for (k in seq_len(n)) {
    graphics::image(t(images[k, side:1, ]), col = grDevices::grey.colors(64, 1, 0), axes = FALSE,
                    main = as.character(titles[k]))
  }
  invisible(NULL)
}
