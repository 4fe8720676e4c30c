#!/usr/bin/env bash
# Mutation testing (PIT) of the SDK's internal packages against the SDK module's unit tests (*Test;
# the *IT suites are left out). Not part of CI: it takes long. Scores and the mutants judged
# equivalent: CONTRIBUTING.md "Mutation testing".
# Usage: scripts/mutation.sh [PACKAGE...]   (default: redact resources exec; each one is
# dev.provisionersdk.internal.PACKAGE.*). THREADS=1 runs one mutant at a time (default 2).
# Each package is one Maven run; with BUILD_LOCK=FILE each run holds that flock(1) lock, so builds
# sharing the machine can go between them.
# Reports: sdk/target/pit-reports/PACKAGE/ (index.html, mutations.xml); a summary line per package.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/build-jdk.sh
source scripts/build-jdk.sh
(($# > 0)) || set -- redact resources exec
for package in "$@"; do
  [[ -d sdk/src/main/java/dev/provisionersdk/internal/$package ]] ||
    { echo "[mutation] no package dev.provisionersdk.internal.$package" >&2; exit 2; }
done
summary() { # PACKAGE -> "PACKAGE: killed K of N (P %), survived S, no coverage U"
  python3 - "$1" "sdk/target/pit-reports/$1/mutations.xml" <<'PY'
import collections, sys, xml.etree.ElementTree as ET
package, report = sys.argv[1], sys.argv[2]
status = collections.Counter(m.get("status") for m in ET.parse(report).getroot())
total = sum(status.values())
detected = sum(n for s, n in status.items() if s in ("KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR"))
print(f"[mutation] {package}: detected {detected} of {total} ({100 * detected / max(total, 1):.1f} %),"
      f" survived {status['SURVIVED']}, no coverage {status['NO_COVERAGE']} ({dict(status)})")
PY
}
for package in "$@"; do
  started=$SECONDS
  ${BUILD_LOCK:+flock "$BUILD_LOCK"} ./mvnw -B -ntp -pl sdk -Pmutation test-compile org.pitest:pitest-maven:mutationCoverage \
    -Dmutation.package="$package" -Dmutation.threads="${THREADS:-2}"
  summary "$package"
  echo "[mutation] $package took $((SECONDS - started)) s"
done
