# Reading your own digit images: R's face of python/gentlenn/images.py.

#' Read your own digit images the MNIST way
#'
#' Grey, 28 x 28, inverted where needed so ink is bright on dark, values 0..255.
#'
#' @param paths Image file paths (PNG or others that Pillow reads).
#' @param invert `"auto"` (invert when the border is lighter than the centre), `TRUE` or `FALSE`.
#' @param center Normalise each digit as MNIST's were made: crop to the ink, scale its longer side
#'   to 20 of 28 pixels and put its centre of mass at the centre (a digit written small or
#'   off-centre reads far better). `FALSE` resizes the whole image as it is.
#' @return A matrix with one image per row (784 columns).
#' @examplesIf gentlenn_available()
#' d <- load_mnist()
#' png_file <- tempfile(fileext = ".png")
#' grDevices::png(png_file, 280, 280)
#' graphics::par(mar = c(0, 0, 0, 0))
#' graphics::image(t(matrix(d$x_test[1, ], 28, byrow = TRUE))[, 28:1], col = grDevices::grey.colors(64, 1, 0),
#'                 axes = FALSE)
#' grDevices::dev.off()
#' dim(read_digit_images(png_file))
#' @export
read_digit_images <- with_spec_defaults("load_digit_images", function(paths, invert, center) {
  core()
  if (!is.character(paths) || !length(paths) || anyNA(paths)) {
    bad_argument(sprintf("`paths` must be a character vector of image files, got %s.", describe(paths)))
  }
  p <- check_params("load_digit_images", invert = invert, center = center)
  m <- call_core(r_array(core()$images$load_digit_images(as.list(path.expand(paths)), invert = invert,
                                                         center = center)))
  if (!is.matrix(m)) m <- matrix(m, nrow = 1L)
  m
})
