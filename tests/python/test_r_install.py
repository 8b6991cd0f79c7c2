"""install_gentlenn() from R, as an R user meets it: the R package installed from the built
tarball, called from a folder that is not a checkout, into a fresh virtualenv; gentlenn works in
the same session, and a second call in a session where Python already runs asks for a restart."""

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, need, r_env

pytestmark = pytest.mark.r


def _rscript(code, cwd, env):
    return subprocess.run([shutil.which("Rscript"), "-e", code], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=900)


def test_install_gentlenn_from_the_tarball_without_a_checkout(tmp_path):
    need(shutil.which("R") is not None, "R is not installed")
    build = subprocess.run(["R", "CMD", "build", "--no-build-vignettes", "--no-manual", str(ROOT)],
                           cwd=tmp_path, capture_output=True, text=True)
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    tarball = next(tmp_path.glob("gentlenn_*.tar.gz"))
    lib = tmp_path / "lib"
    lib.mkdir()
    inst = subprocess.run(["R", "CMD", "INSTALL", f"--library={lib}", str(tarball)], capture_output=True, text=True)
    assert inst.returncode == 0, inst.stdout[-2000:] + inst.stderr[-2000:]
    assert (lib / "gentlenn" / "python" / "pyproject.toml").is_file()  # the core travels with the package

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = r_env()
    env.pop("RETICULATE_PYTHON")
    env["R_LIBS"] = f"{lib}{os.pathsep}{env.get('R_LIBS', '')}"
    venv = tmp_path / "r-gentlenn"
    proc = _rscript(
        f'library(gentlenn); install_gentlenn(envname = "{venv}", python = "{sys.executable}"); '
        "cat('AVAILABLE', isTRUE(gentlenn_available()), '\\n'); "
        "cat(sprintf('%.4f', slope_history(slope_classifier(bugs, slope = 0.25))$slope), '\\n')",
        elsewhere, env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "AVAILABLE TRUE" in proc.stdout and "0.3083 1.6042" in proc.stdout
    steps = [line for line in proc.stderr.splitlines() if line.startswith("gentlenn:")]
    assert len(steps) == 3, proc.stderr  # one line per step, no pip output
    assert "Collecting" not in proc.stderr and "Successfully installed" not in proc.stderr

    proc = _rscript(
        'library(gentlenn); invisible(reticulate::py_config()); '
        f'r <- tryCatch(install_gentlenn(envname = "{venv}"), gentlenn_restart_required = function(m) m); '
        "cat('CLASS', class(r)[1], '\\n')",
        elsewhere, {**env, "RETICULATE_PYTHON": sys.executable})
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "CLASS gentlenn_restart_required" in proc.stdout
