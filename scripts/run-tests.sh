#!/usr/bin/env bash
# Every test of gentlenn, after `make setup`: each suite runs even when an earlier one failed,
# and the last line sums them all. Nothing may be skipped here (GENTLENN_NO_SKIP=1): the test
# command installs both languages, so a missing side is a failure, not a skip.
set -uo pipefail
cd "$(dirname "$0")/.."
export GENTLENN_NO_SKIP=1
export TZ=${TZ:-UTC}  # else lubridate (loaded by caret) asks timedatectl, which containers lack
export _R_CHECK_SYSTEM_CLOCK_=FALSE
export _R_CHECK_CRAN_INCOMING_=FALSE
results=build/test-results
rm -rf "$results" && mkdir -p "$results"
status=0

step() { printf '\n==== %s\n' "$*"; }

step "pytest, numpy 1.x (with R: rpy2 and Rscript -> reticulate)"
.venv/bin/python -m pytest -q -p no:cacheprovider --junitxml="$results/pytest-numpy1.xml" || status=1

step "pytest, numpy 2.x without numba (Python core only; R's reticulate 1.28 cannot load numpy 2)"
.venv-np2/bin/python -m pytest -q -p no:cacheprovider -m "not r and not numba" --junitxml="$results/pytest-numpy2.xml" || status=1

step "testthat (R package -> Python core)"
Rscript scripts/run-testthat.R "$PWD/$results/testthat.xml" || status=1

step "R CMD build + R CMD check --no-manual"
bash scripts/r-check.sh "$results/r-check.xml" || status=1

step "linters: ruff (Python) and lintr (R)"
.venv/bin/python scripts/lint.py "$results/lint.xml" || status=1

step "summary"
.venv/bin/python scripts/test-summary.py "$results"/*.xml || status=1
exit $status
