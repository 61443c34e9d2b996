#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn a guest console log into one result line per KUnit case.

  ktap-results.py KERNEL_SRC CONSOLE_LOG

The KTAP is parsed by the kernel tree's own tools/testing/kunit/kunit.py
(`parse --json`); this only flattens its JSON into lines
  PASS kunit: <suite>.<case>[.<param>]
  FAIL kunit: ...            (failed, crashed, or missing)
  SKIP kunit: ...
and exits 1 when there are no results at all or the parser itself failed.
"""

import json
import os
import subprocess
import sys
import tempfile


def leaves(group, prefix):
    name = group.get("name", "")
    here = f"{prefix}.{name}" if prefix else name
    for case in group.get("test_cases", []):
        yield f"{here}.{case['name']}", case["status"]
    for sub in group.get("sub_groups", []):
        yield from leaves(sub, here)


def main():
    src, log = sys.argv[1], sys.argv[2]
    kunit = os.path.join(src, "tools/testing/kunit/kunit.py")
    with tempfile.NamedTemporaryFile(suffix=".json") as js:
        with open(log, errors="replace") as inp:
            proc = subprocess.run([sys.executable, kunit, "parse", f"--json={js.name}"],
                                  stdin=inp, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
        with open(log + ".kunit.txt", "w") as out:
            out.write(proc.stdout)
        try:
            tree = json.load(open(js.name))
        except ValueError:
            tree = {}
    results = []
    for sub in tree.get("sub_groups", []):
        results.extend(leaves(sub, ""))
    for case in tree.get("test_cases", []):
        results.append((case["name"], case["status"]))
    status_word = {"PASS": "PASS", "SKIP": "SKIP"}
    for name, status in results:
        print(f"{status_word.get(status, 'FAIL')} kunit: {name}")
    if not results:
        print("FAIL kunit: no KUnit results on the console")
        return 1
    # kunit.py exits non-zero on any failure; the FAIL lines above say which
    return 0


if __name__ == "__main__":
    sys.exit(main())
