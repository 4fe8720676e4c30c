#!/usr/bin/env bash
# Reproduces a fresh machine of this project's kind on this one, then runs CI there: purges every
# Debian package that is not in the kind's baseline image (scripts/fresh-machine/baseline-packages.txt,
# the package names of the machine image that a new machine starts from), removes what earlier runs
# left outside a checkout (the SDK's snapshots in ~/.m2, the installer's lock), clones the committed
# main branch next to a copy of ../shared, as CI lays it out, and runs `bash .ci/run` there with
# CI=true and no standard input. A package that the build or a test needs but that no project script
# installs then fails the run, as it would on a new machine (CONTRIBUTING.md "A fresh machine").
#
# Destructive for this machine's extra packages: run it as root on a development machine of the
# project's kind, never on a machine you share. It prints what it purges first.
# Usage: scripts/fresh-machine-check.sh [--keep-packages] [BRANCH]   (default: main)
#   --keep-packages  skips the purge (only the clean clone and CI: what CI itself does)
# Environment: FRESH_CHECK_DIR (default /tmp/provisioner-sdk-fresh-check), BASELINE (a package list,
# default the committed one).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
say() { printf '[fresh-machine-check %4ds] %s\n' "$SECONDS" "$*" >&2; }
keep_packages=0
if [[ ${1:-} == --keep-packages ]]; then
  keep_packages=1
  shift
fi
branch=${1:-main}
baseline=${BASELINE:-$root/scripts/fresh-machine/baseline-packages.txt}
dir=${FRESH_CHECK_DIR:-/tmp/provisioner-sdk-fresh-check}
[[ $(id -u) == 0 ]] || { say "needs root (apt-get purge; CI runs as root)"; exit 2; }
[[ -f $baseline ]] || { say "no baseline package list at $baseline"; exit 2; }
[[ -d $root/../shared ]] || { say "no ../shared beside $root: CI lays it out there"; exit 2; }

if ((keep_packages == 0)); then
  mapfile -t extra < <(comm -23 <(dpkg-query -W -f='${Package}\n' | LC_ALL=C sort -u) <(LC_ALL=C sort -u "$baseline"))
  if ((${#extra[@]} > 0)); then
    say "purging ${#extra[@]} package(s) not in the baseline: ${extra[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq -o DPkg::Lock::Timeout=300 "${extra[@]}" >/dev/null
  fi
  mapfile -t extra < <(comm -23 <(dpkg-query -W -f='${Package}\n' | LC_ALL=C sort -u) <(LC_ALL=C sort -u "$baseline"))
  ((${#extra[@]} == 0)) || { say "still installed although not in the baseline: ${extra[*]}"; exit 1; }
  mapfile -t absent < <(comm -13 <(dpkg-query -W -f='${Package}\n' | LC_ALL=C sort -u) <(LC_ALL=C sort -u "$baseline"))
  ((${#absent[@]} == 0)) || say "note: baseline packages not installed here (a fresh machine has them): ${absent[*]}"
  say "installed packages = the baseline ($(wc -l <"$baseline") packages)"
fi
rm -rf "$HOME/.m2/repository/dev/provisionersdk" /var/lock/provisioner-sdk-install-packages.lock

rm -rf "$dir"
mkdir -p "$dir"
git clone -q --branch "$branch" "$root" "$dir/main"
cp -r "$root/../shared" "$dir/shared"
chmod -R a-w "$dir/shared"
say "CI on a clean clone of $branch ($(git -C "$dir/main" rev-parse --short HEAD)) in $dir/main"
status=0
(cd "$dir/main" && CI=true bash .ci/run </dev/null) >"$dir/ci.log" 2>&1 || status=$?
grep -E '^\[test-all' "$dir/ci.log" >&2 || true
chmod -R u+w "$dir/shared"
if ((status == 0)); then
  say "PASS: CI passed on a fresh machine in ${SECONDS} s; the log is $dir/ci.log"
else
  tail -40 "$dir/ci.log" >&2
  say "FAIL: CI exited with $status on a fresh machine; the log is $dir/ci.log"
fi
exit "$status"
