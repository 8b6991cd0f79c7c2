#!/usr/bin/env bash
# R CMD build and R CMD check --no-manual; fails on any ERROR or WARNING (NOTEs are printed).
# Argument 1: a JUnit XML file to write with one test case for the check's status.
set -uo pipefail
cd "$(dirname "$0")/.."
xml=${1:-/dev/null}
work=build/r-check
rm -rf "$work" && mkdir -p "$work"
version=$(sed -n 's/^Version:[[:space:]]*//p' DESCRIPTION)
if ( cd "$work" && R CMD build ../.. > build.log 2>&1 ) &&
   # the README's install (build, then INSTALL the tarball) must give vignette("gentlenn-course")
   tar tzf "$work/gentlenn_${version}.tar.gz" > "$work/contents.txt" &&
   grep -q '^gentlenn/inst/doc/gentlenn-course.html$' "$work/contents.txt"; then
  ( cd "$work" && GENTLENN_IN_R_CHECK=1 R CMD check --no-manual "gentlenn_${version}.tar.gz" > check.log 2>&1 )
  rc=$?
  grep -E '^\* checking .*\.\.\. (NOTE|WARNING|ERROR)' -A8 "$work/check.log" || true
  status_line=$(grep -E '^Status:' "$work/check.log" | tail -1)
else
  tail -30 "$work/build.log"
  rc=1
  status_line="R CMD build failed, or the tarball lacks the built vignette"
fi
echo "R CMD check: ${status_line:-no status line}"
ok=1
[ $rc -eq 0 ] || ok=0
echo "$status_line" | grep -qE 'ERROR|WARNING' && ok=0
[ -n "$status_line" ] || ok=0
if [ $ok -eq 0 ]; then
  [ -f "$work/check.log" ] && tail -60 "$work/check.log"
  for f in "$work"/gentlenn.Rcheck/00install.out "$work"/gentlenn.Rcheck/tests/testthat.Rout.fail; do
    [ -f "$f" ] && { echo "---- $f"; tail -60 "$f"; }
  done
fi
if [ "$xml" != /dev/null ]; then
  failure=""
  [ $ok -eq 1 ] || failure="<failure message=\"R CMD check: ${status_line:-did not finish}\"/>"
  printf '<testsuite name="R CMD check" tests="1" failures="%d"><testcase classname="R" name="R CMD check --no-manual">%s</testcase></testsuite>\n' \
    $((1 - ok)) "$failure" > "$xml"
fi
[ $ok -eq 1 ]
