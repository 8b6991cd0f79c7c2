"""Sum JUnit XML files into one closing line: 'all: N passed, N failed, N skipped'."""

import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    for case in root.iter("testcase"):
        kinds = {child.tag for child in case}
        if kinds & {"failure", "error"}:
            failed += 1
        elif "skipped" in kinds:
            skipped += 1
        else:
            passed += 1
    print(f"  {path}: {sum(1 for _ in root.iter('testcase'))} test cases")
print(f"all: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or skipped else 0)
