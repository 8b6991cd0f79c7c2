"""install_gentlenn() from R: a fresh virtualenv gets this checkout's Python core, and the R
package then finds it and accepts its version."""

import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.r


def test_install_gentlenn_into_fresh_virtualenv(run_r, tmp_path):
    env = tmp_path / "r-gentlenn"
    run_r(f'gentlenn::install_gentlenn(source = "{ROOT}", envname = "{env}", python = "{sys.executable}")')
    python = env / "bin" / "python"
    assert python.exists()
    out = run_r("library(gentlenn); cat('AVAILABLE', isTRUE(gentlenn_available()), '\\n'); "
                "cat(reticulate::py_config()$python, '\\n'); "
                "cat(sprintf('%.4f', slope_history(slope_classifier(bugs, slope = 0.25))$slope), '\\n')",
                extra_env={"RETICULATE_PYTHON": str(python)})
    assert "AVAILABLE TRUE" in out
    assert str(env) in out
    assert "0.3083 1.6042" in out
