"""The shared fixtures come from independent references, and those references still produce them:
the plain-numpy network script and the plain-R slope script, neither of which loads gentlenn (so
the fixtures test the core, the package's plain-R engine and R's wrappers instead of echoing them)."""

import re
import subprocess
import sys

import pytest

from conftest import FIXTURES, r_env

SCRIPTS = FIXTURES / "scripts"


def test_network_reference_does_not_import_gentlenn():
    source = (SCRIPTS / "make_network_fixtures.py").read_text()
    assert not re.search(r"^\s*(import|from)\s+gentlenn", source, re.M)


def test_slope_reference_does_not_load_gentlenn():
    source = (SCRIPTS / "make_slope_fixtures.R").read_text()
    code = "\n".join(line.split("#")[0] for line in source.splitlines())
    assert not re.search(r"(library|require|requireNamespace)\(\s*[\"']?gentlenn|gentlenn::", code)


@pytest.mark.r
def test_the_references_reproduce_the_committed_fixtures():
    """`make fixtures` without FORCE: regenerate both into a temporary folder and compare."""
    proc = subprocess.run([sys.executable, str(SCRIPTS / "update_fixtures.py")], capture_output=True, text=True,
                          env=r_env(), timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("unchanged") == 2
