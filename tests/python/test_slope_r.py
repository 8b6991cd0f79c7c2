"""The process boundary for the slope classifier: R -> reticulate -> this Python gives the same
doubles as Python alone. (The shared fixtures through R, both engines, are testthat's:
tests/testthat/test-slope.R.)"""

import pytest

pytestmark = pytest.mark.r


def test_r_package_prints_book_slopes(run_r):
    out = run_r('suppressMessages(library(gentlenn)); '
                'f <- slope_classifier(bugs, slope = 0.25, learning_rate = 0.5); '
                'cat(sprintf("%.4f", slope_history(f)$slope), "\\n"); '
                'cat(sprintf("%a", slope_history(f)$slope), "\\n")')
    lines = out.strip().splitlines()
    assert lines[0].split() == ["0.3083", "1.6042"]
    import gentlenn
    clf = gentlenn.SlopeClassifier(slope=0.25, learning_rate=0.5).fit(
        [[3.0, 1.0], [1.0, 3.0]], ["ladybird", "caterpillar"])
    assert [float.fromhex(v) for v in lines[1].split()] == clf.history_["slope"].tolist()
