#!/usr/bin/env bash
# Install Debian's R, the R packages gentlenn needs, Fashion-MNIST, headless Chromium with its
# driver (the playground's browser tests) and nginx (the playground behind a proxy; the test starts
# its own unprivileged nginx, the system's service is not used), only when something is missing.
set -euo pipefail
pkgs=(r-base-core r-base-dev r-cran-reticulate r-cran-testthat r-cran-jsonlite r-cran-ggplot2
      r-cran-magick r-cran-roxygen2 r-cran-knitr r-cran-rmarkdown r-cran-caret r-cran-nnet r-cran-dplyr r-cran-lintr
      r-cran-lifecycle r-cran-rstudioapi r-cran-recipes pandoc
      chromium chromium-driver nginx
      dataset-fashion-mnist)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing from Debian: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
