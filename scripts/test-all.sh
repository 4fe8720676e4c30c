#!/usr/bin/env bash
# Runs every test of the project — the README's test command; CI's .ci/run calls it on a clean clone:
#  - first, every link and anchor of the project's Markdown (scripts/check-links.py, with a
#    negative control); a broken one fails the run at once;
#  - `./mvnw verify`: unit tests (Surefire), integration tests (Failsafe), the archetype's integration
#    tests, javadoc, formatting, for every module; then the skipped tests are listed and any skip not
#    in scripts/allowed-skips.txt fails the run (scripts/test-report.py);
#  - the release test (scripts/e2e-release.sh: signed bundle, file repository, reproducibility, the
#    newcomer path; docs/releasing.md), concurrently with the Maven build once the SDK module's
#    integration tests are done: it builds copies of the sources in its own directories and
#    repository, and the Maven build leaves a core mostly idle;
#  - after the Maven build (they use what it built): the end-to-end image test
#    (scripts/e2e-images.sh), concurrently with the pulumi-wrapper image's layout check
#    (scripts/e2e/pulumi-image.sh) and then the ansible-playbook image's end-to-end run
#    (scripts/e2e/ansible-image.sh), which rebuild their modules in this tree one after the other.
# The image tests need root and install their Debian packages (scripts/debian-packages.txt) when
# missing; as root, every package CI needs is installed in one go at the start.
# A concurrent stage's output goes to target/test-all/STAGE.log, printed when it fails; each stage's
# wall time is printed at the end. SKIP_RELEASE_E2E=1 leaves out the release test, SKIP_IMAGE_E2E=1
# the image tests; any arguments go to `./mvnw verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
logs=$PWD/target/test-all
# shellcheck source=scripts/build-jdk.sh
source scripts/build-jdk.sh
rm -rf "$logs"
mkdir -p "$logs"
# Written by Failsafe when the SDK module's integration tests end (the release test waits for it).
sdk_its_done=$PWD/sdk/target/failsafe-reports/failsafe-summary.xml
rm -f "$sdk_its_done"
say() { printf '[test-all %4ds] %s\n' $((SECONDS - started)) "$*" >&2; }

declare -A stage_pid=() stage_start=()
summary=()
failed=()
# Usage: start_stage NAME COMMAND...; runs it in the background, its output in $logs/NAME.log.
start_stage() {
  local name=$1
  shift
  stage_start[$name]=$SECONDS
  # The stage's own wall time, written when it ends (it may end long before it is waited for).
  (
    status=0
    "$@" || status=$?
    began=$(cat "$logs/$name.began" 2>/dev/null || echo "${stage_start[$name]}")
    echo $((SECONDS - began)) >"$logs/$name.seconds"
    exit "$status"
  ) >"$logs/$name.log" 2>&1 &
  stage_pid[$name]=$!
  say "$name: started ($*)"
}
# Usage: finish_stage NAME; waits for it, prints its tail when it failed.
finish_stage() {
  local name=$1 status=0
  wait "${stage_pid[$name]}" || status=$?
  record_stage "$name" "$status" "$(cat "$logs/$name.seconds" 2>/dev/null || echo $((SECONDS - stage_start[$name])))"
  if ((status != 0)); then
    tail -80 "$logs/$name.log" | sed "s/^/[$name] /" >&2
  fi
}
record_stage() { # NAME STATUS SECONDS
  local result=PASS
  (($2 == 0)) || { result="FAIL (exit $2)"; failed+=("$1"); }
  summary+=("$(printf '%-16s %-14s %4d s' "$1" "$result" "$3")")
  say "$1: $result in $3 s"
}

# First, cheaply: every link and anchor of the README, CONTRIBUTING.md, docs/ and the examples' and
# archetype's READMEs resolves (scripts/check-links.py). Its negative control: a file with a
# missing file and a missing anchor must fail it, naming both.
links_start=$SECONDS
broken=$logs/broken-links.md
printf '# Broken\n\n[a file](no-such-file.md) and [an anchor](../../README.md#no-such-heading)\n' >"$broken"
if broken_out=$(python3 scripts/check-links.py "$broken" 2>&1) \
  || [[ $broken_out != *no-such-file.md* || $broken_out != *no-such-heading* ]]; then
  say "FAIL: scripts/check-links.py does not catch a broken link: $broken_out"
  exit 1
fi
python3 scripts/check-links.py || { say "FAIL: broken links (above)"; exit 1; }
record_stage "links" 0 $((SECONDS - links_start))

# As root, every Debian package the stages need, in one apt-get run beside the first build steps:
# a stage (or test) that needs a package first waits for this install (scripts/install-packages.sh
# takes a lock) and then finds it installed.
packages=0
if [[ $(id -u) == 0 && "${SKIP_IMAGE_E2E:-0}" != 1 ]]; then
  # The image test runs the arm64 image, which carries the JNI library that `verify` compiles only
  # where the cross compiler is installed (build.sh skips it otherwise): install it before the build.
  cross_start=$SECONDS
  bash scripts/install-packages.sh native-cross || { say "FAIL: installing the cross compiler"; exit 1; }
  say "cross compiler installed in $((SECONDS - cross_start)) s"
fi
if [[ $(id -u) == 0 ]]; then
  concerns=(ansible)
  [[ "${SKIP_RELEASE_E2E:-0}" == 1 ]] || concerns+=(release native-cross)
  [[ "${SKIP_IMAGE_E2E:-0}" == 1 ]] || concerns+=(images ansible-image)
  packages=1
  start_stage packages bash scripts/install-packages.sh "${concerns[@]}"
fi

release=0
if [[ "${SKIP_RELEASE_E2E:-0}" == 1 ]]; then
  say "SKIP_RELEASE_E2E=1: release end-to-end test skipped"
else
  release=1
  # It starts once the SDK module's integration tests are done: SupervisionIT's deadlines are the
  # product's promise (grace period plus a second), not slack for a second build on the other core.
  release_after_sdk_its() {
    until [[ -f $sdk_its_done || -f $logs/verify.done ]]; do sleep 1; done
    echo "$SECONDS" >"$logs/e2e-release.began" # its time counts from here
    bash scripts/e2e-release.sh
  }
  start_stage e2e-release release_after_sdk_its
fi

verify_start=$SECONDS
status=0
./mvnw -B -ntp verify "$@" || status=$?
touch "$logs/verify.done"
record_stage "mvnw verify" "$status" $((SECONDS - verify_start))
if ((status == 0)); then
  report_start=$SECONDS
  status=0
  python3 scripts/test-report.py "$PWD" || status=$?
  record_stage "skipped tests" "$status" $((SECONDS - report_start))
fi

((packages == 0)) || finish_stage packages
if [[ "${SKIP_IMAGE_E2E:-0}" == 1 ]]; then
  say "SKIP_IMAGE_E2E=1: image end-to-end tests skipped"
elif ((${#failed[@]} == 0)); then
  start_stage e2e-images bash scripts/e2e-images.sh
  start_stage example-images bash -c 'bash scripts/e2e/pulumi-image.sh && bash scripts/e2e/ansible-image.sh'
  finish_stage e2e-images
  finish_stage example-images
fi
((release == 0)) || finish_stage e2e-release

printf '[test-all] %s\n' "${summary[@]}" >&2
if ((${#failed[@]} > 0)); then
  say "FAIL: ${failed[*]}; the logs of the concurrent stages are in $logs"
  exit 1
fi
say "all tests passed in $((SECONDS - started)) s"
