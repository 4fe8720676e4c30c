#!/usr/bin/env python3
"""Reads the JUnit XML reports of a Maven build (Surefire and Failsafe, every module) and prints the
tests that were skipped, with the reason each gave. Fails (exit 1) when a skipped test is not on the
allow-list (scripts/allowed-skips.txt: one "REGEX<TAB>reason" a line, matched against
"Class#test"), or when no test ran at all, so that coverage cannot shrink unnoticed in CI.

Usage: scripts/test-report.py ROOT [ALLOW_LIST]
"""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET


def main():
    root = sys.argv[1]
    allow_file = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "scripts", "allowed-skips.txt")
    allowed = []
    with open(allow_file, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            pattern, _, reason = line.partition("\t")
            if not reason.strip():
                sys.exit(f"{allow_file}:{number}: no reason after a tab: {line!r}")
            allowed.append((re.compile(pattern), reason.strip()))

    reports = sorted(
        glob.glob(os.path.join(root, "**", "target", "surefire-reports", "TEST-*.xml"), recursive=True)
        + glob.glob(os.path.join(root, "**", "target", "failsafe-reports", "TEST-*.xml"), recursive=True)
    )
    # The release and image tests copy the sources under target/: only the checkout's own modules.
    reports = [r for r in reports if os.path.relpath(r, root).split(os.sep).count("target") == 1]
    total = skipped_count = 0
    unexpected = []
    for report in reports:
        for case in ET.parse(report).getroot().iter("testcase"):
            total += 1
            skipped = case.find("skipped")
            if skipped is None:
                continue
            skipped_count += 1
            name = f"{case.get('classname')}#{case.get('name')}"
            reason = (skipped.get("message") or (skipped.text or "")).strip().splitlines()
            reason = reason[0] if reason else "no reason given"
            allowance = next((why for pattern, why in allowed if pattern.search(name)), None)
            mark = "allowed" if allowance else "NOT ALLOWED"
            print(f"[test-report] skipped ({mark}): {name}: {reason}", file=sys.stderr)
            if not allowance:
                unexpected.append(name)
    print(f"[test-report] {total} tests in {len(reports)} reports, {skipped_count} skipped", file=sys.stderr)
    if total == 0:
        print("[test-report] FAIL: no test report found under " + root, file=sys.stderr)
        return 1
    if unexpected:
        print(f"[test-report] FAIL: {len(unexpected)} skipped test(s) not in {allow_file}; make them run"
              " here, or add them there with the reason", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
