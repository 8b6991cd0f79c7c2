"""The linters as two test cases: ruff (Python) and lintr (R, with the installed package so that its
object-usage checks see the package's functions). Writes a JUnit file; exits 1 on any lint.

    python scripts/lint.py build/test-results/lint.xml
"""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINTR = ("l <- lintr::lint_package(); print(l); "
         "if (length(l)) quit(status = 1)")


def run(name, command, env=None):
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    output = (proc.stdout + proc.stderr).strip()
    print(f"{name}: {'clean' if proc.returncode == 0 else 'LINTS'}")
    if proc.returncode:
        print(output[-6000:])
    return name, proc.returncode == 0, output


def main(junit):
    env = {**os.environ, "R_LIBS": os.pathsep.join(filter(None, [str(ROOT / ".rlib"), os.environ.get("R_LIBS")]))}
    results = [run("ruff", [sys.executable, "-m", "ruff", "check", "python", "tests", "scripts", "benchmarks"]),
               run("lintr", ["Rscript", "-e", LINTR], env=env)]
    suite = ET.Element("testsuite", name="lint", tests=str(len(results)))
    for name, ok, output in results:
        case = ET.SubElement(suite, "testcase", classname="lint", name=name)
        if not ok:
            ET.SubElement(case, "failure", message=f"{name} found lints").text = output[-20000:]
    ET.ElementTree(suite).write(junit, encoding="utf-8", xml_declaration=True)
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
