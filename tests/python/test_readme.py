"""The README's Python snippets, verbatim, in a fresh interpreter (the R ones: test-first-hour.R)."""

import re
import subprocess
import sys

from conftest import ROOT


def test_readme_python_snippets_run_verbatim(tmp_path):
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert len(blocks) >= 2
    script = tmp_path / "readme.py"
    script.write_text("\n".join(blocks))
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "[0.3083, 1.6042]" in proc.stdout  # the book's moderated slopes
