"""Shared helpers: the repository root, the shared fixtures, and the two ways of reaching R.

- ``r``: rpy2 in-process, for pure-R work only (R's iris, ``scale()``, the plain-R engine).
- ``run_r``: an ``Rscript`` subprocess that loads the R package, whose reticulate calls back into
  *this* Python (``RETICULATE_PYTHON=sys.executable``); rpy2 cannot host that path.

A side that is missing skips its tests, except under ``GENTLENN_NO_SKIP=1`` (set by the test
command, which installs both sides), where it fails them.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
NO_SKIP = os.environ.get("GENTLENN_NO_SKIP") == "1"


def need(condition, reason):
    """Skip (or, under GENTLENN_NO_SKIP=1, fail) when ``condition`` is false."""
    if not condition:
        if NO_SKIP:
            pytest.fail(f"{reason}; GENTLENN_NO_SKIP=1 says this side must be present")
        pytest.skip(reason)


def load_fixture(name):
    return json.loads((FIXTURES / name).read_text())


def r_env():
    env = os.environ.copy()
    env["RETICULATE_PYTHON"] = sys.executable
    env["OPENBLAS_NUM_THREADS"] = "1"
    lib = ROOT / ".rlib"
    if lib.is_dir():
        env["R_LIBS"] = os.pathsep.join(filter(None, [str(lib), env.get("R_LIBS", "")]))
    return env


@pytest.fixture(scope="session")
def r():
    """rpy2's robjects, for pure-R work in this process."""
    before = os.environ.get("LD_LIBRARY_PATH")
    try:
        import rpy2.robjects as ro
    except Exception as exc:  # rpy2 missing, or R missing under it
        need(False, f"rpy2 cannot start R: {exc}")
    finally:
        # Starting R puts R's library folders on LD_LIBRARY_PATH; Python processes started later
        # (joblib's workers) would then load the system's libpython instead of their own.
        if before is None:
            os.environ.pop("LD_LIBRARY_PATH", None)
        else:
            os.environ["LD_LIBRARY_PATH"] = before
    return ro


@pytest.fixture(scope="session")
def r_gentlenn(r):
    """rpy2 with the gentlenn R package attached (its pure-R functions only)."""
    lib = ROOT / ".rlib"
    libs = f'c("{lib}", .libPaths())' if lib.is_dir() else ".libPaths()"
    ok = r.r(f'isTRUE(suppressMessages(requireNamespace("gentlenn", lib.loc = {libs}, quietly = TRUE)))')[0]
    need(ok, "the gentlenn R package is not installed (make setup installs it into .rlib)")
    r.r(f'suppressMessages(library(gentlenn, lib.loc = {libs}))')
    return r


@pytest.fixture(scope="session")
def run_r():
    """Run R code in an ``Rscript`` subprocess; returns its stdout (fails on a non-zero exit)."""
    rscript = shutil.which("Rscript")
    need(rscript is not None, "Rscript is not on PATH")
    env = r_env()
    probe = subprocess.run([rscript, "-e", 'cat(requireNamespace("gentlenn", quietly = TRUE))'],
                           capture_output=True, text=True, env=env)
    need(probe.stdout.strip() == "TRUE", "the gentlenn R package is not installed (make setup)")

    def run(code, extra_env=None, check=True):
        proc = subprocess.run([rscript, "-e", code], capture_output=True, text=True,
                              env={**env, **(extra_env or {})}, timeout=600)
        if check and proc.returncode != 0:
            raise AssertionError(f"Rscript failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
        return proc if not check else proc.stdout

    return run


def parse_tagged(stdout):
    """Lines '@@ name v1 v2 ...' (R's sprintf('%a') hex floats) as {name: [float, ...]}."""
    out = {}
    for line in stdout.splitlines():
        if line.startswith("@@ "):
            name, *values = line[3:].split()
            out[name] = [float.fromhex(v) if v.startswith(("0x", "-0x")) else v for v in values]
    return out


def pytest_report_header(config):
    import numpy

    return f"gentlenn test environment: numpy {numpy.__version__}, python {sys.version.split()[0]}"
