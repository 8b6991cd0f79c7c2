"""The Python tutorial (docs/tutorial.py) runs end to end and prints the book's numbers."""

import os
import subprocess
import sys
import time

from conftest import ROOT


def test_tutorial_runs_and_matches_the_book(tmp_path):
    env = {**os.environ, "GENTLENN_TUTORIAL_OUT": str(tmp_path), "MPLBACKEND": "Agg"}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(ROOT / "docs" / "tutorial.py")], capture_output=True, text=True,
                          env=env, timeout=180, cwd=tmp_path)
    seconds = time.perf_counter() - start
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "DIFFERS" not in proc.stdout
    for line in ["moderated slopes: [0.3083, 1.6042]", "hidden errors, split by weight share: [0.42, 0.88]",
                 "new w11 by the package: 2.00265", "O = sigmoid(X), by the package: [0.7408, 0.6457]",
                 "O_output by the package: [0.73, 0.71, 0.78]"]:
        assert line in proc.stdout
    for name in ["iris_line.png", "iris_line.gif", "confusion.png", "learning_rate.png", "backquery.png"]:
        assert (tmp_path / name).stat().st_size > 0
    print(f"tutorial ran in {seconds:.1f} s")
