"""The shared fixtures come from independent references, and those references still produce them:
the plain-numpy network script (which must not import gentlenn) and the plain-R slope engine."""

import re
import subprocess
import sys

import pytest

from conftest import FIXTURES, load_fixture, r_env

SCRIPTS = FIXTURES / "scripts"


def test_network_reference_does_not_import_gentlenn():
    source = (SCRIPTS / "make_network_fixtures.py").read_text()
    assert not re.search(r"^\s*(import|from)\s+gentlenn", source, re.M)


def test_every_case_records_its_provenance():
    for name in ("network_cases.json", "slope_cases.json"):
        for case in load_fixture(name)["cases"]:
            assert case["provenance"].startswith("independent reference"), (name, case["name"])


@pytest.mark.r
def test_the_references_reproduce_the_committed_fixtures():
    """`make fixtures` without FORCE: regenerate both into a temporary folder and compare."""
    proc = subprocess.run([sys.executable, str(SCRIPTS / "update_fixtures.py")], capture_output=True, text=True,
                          env=r_env(), timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("unchanged") == 2
