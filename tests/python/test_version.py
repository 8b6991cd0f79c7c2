import re

import gentlenn

from conftest import ROOT


def test_one_version_everywhere():
    description = (ROOT / "DESCRIPTION").read_text()
    pyproject = (ROOT / "pyproject.toml").read_text()
    r_version = re.search(r"^Version:\s*(\S+)", description, re.M).group(1)
    py_version = re.search(r'^version\s*=\s*"([^"]+)"', pyproject, re.M).group(1)
    assert r_version == py_version == gentlenn.__version__
