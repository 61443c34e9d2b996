#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn a guest console log into one result line per KUnit case.

  ktap-results.py KERNEL_SRC CONSOLE_LOG

The KTAP is parsed by the kernel tree's own tools/testing/kunit/kunit.py
(`parse --json`); this only flattens its JSON into lines
  PASS kunit: <suite>.<case> [(N params)]
  FAIL kunit: ...            (failed, crashed, or missing; failing params named)
  SKIP kunit: ...
and exits 1 when there are no results at all.

Linux 6.1 prints no top-level KTAP header for suites run at module load:
the built-in run prints "KTAP version 1 / 1..0" at boot, then each module
suite prints its own subtest block numbered by a global counter. So the
console is first normalised into one KTAP document: timestamps off, the empty
boot header dropped, and one header with a plan of as many suites as started
put in front of the first suite. A suite that started and never finished
then shows as missing, which the parser reports.
"""

import json
import os
import re
import subprocess
import sys
import tempfile


def leaves(group):
    for case in group.get("test_cases", []):
        yield case["name"], case["status"]
    for sub in group.get("sub_groups", []):
        for name, status in leaves(sub):
            yield f"{sub['name']}.{name}", status


def suite_results(suite):
    """One result per case; a parameterised case is one result whose
    detail names the parameters that did not pass."""
    name = suite["name"]
    for case in suite.get("test_cases", []):
        yield case["status"], f"{name}.{case['name']}", ""
    for case in suite.get("sub_groups", []):
        params = list(leaves(case))
        bad = [p for p, st in params if st not in ("PASS", "SKIP")]
        if bad:
            yield "FAIL", f"{name}.{case['name']}", "failed: " + "; ".join(bad)
        elif params and all(st == "SKIP" for _, st in params):
            yield "SKIP", f"{name}.{case['name']}", ""
        else:
            yield "PASS", f"{name}.{case['name']}", f"{len(params)} params"


PREFIX = re.compile(r"^\[\s*\d+\.\d+\] ")


def normalise(lines):
    body = [PREFIX.sub("", line.rstrip("\n")) for line in lines]
    out = []
    i = 0
    while i < len(body):
        if (body[i] == "KTAP version 1" and i + 1 < len(body)
                and body[i + 1] == "1..0"):
            i += 2  # the built-in run, with no suites
            continue
        out.append(body[i])
        i += 1
    if "KTAP version 1" in out:
        return out  # a complete document already (e.g. a built-in run)
    suites = sum(1 for line in out if line.startswith("    # Subtest: "))
    for i, line in enumerate(out):
        if line == "    KTAP version 1":
            return out[:i] + ["KTAP version 1", f"1..{suites}"] + out[i:]
    return out


def main():
    src, log = sys.argv[1], sys.argv[2]
    kunit = os.path.join(src, "tools/testing/kunit/kunit.py")
    with open(log, errors="replace") as inp:
        ktap = "\n".join(normalise(inp)) + "\n"
    with tempfile.NamedTemporaryFile(suffix=".json") as js:
        proc = subprocess.run([sys.executable, kunit, "parse", f"--json={js.name}"],
                              input=ktap, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
        with open(log + ".kunit.txt", "w") as out:
            out.write(proc.stdout)
        try:
            tree = json.load(open(js.name))
        except ValueError:
            tree = {}
    results = []
    for suite in tree.get("sub_groups", []):
        results.extend(suite_results(suite))
    # a suite with no cases at all, or one that crashed before any ran
    for suite in tree.get("test_cases", []):
        results.append((suite["status"], suite["name"], "no cases ran"))
    for status, name, detail in results:
        word = status if status in ("PASS", "SKIP") else "FAIL"
        print(f"{word} kunit: {name}" + (f" ({detail})" if detail else ""))
    if not results:
        print("FAIL kunit: no KUnit results on the console")
        return 1
    # kunit.py exits non-zero on any failure; the FAIL lines above say which
    return 0


if __name__ == "__main__":
    sys.exit(main())
