#!/usr/bin/env bash
# Runs the timing-sensitive suites again and again under CPU contention (stress-ng), to show that
# they pass on a loaded machine by waiting for events, not by luck: ControlledRunTest and
# SupervisionIT (sdk), NoopProvisionerIT (examples/noop) and AnsibleProcessesIT
# (examples/ansible-playbook). Not part of CI: 50 runs of the four take hours. The counts
# measured: CONTRIBUTING.md "Timing under load".
# Usage: scripts/stress-timing.sh [SUITE[=RUNS]...]   (default: the four suites, 50 runs each)
# Environment: BATCH (runs per lock and stress-ng, default 5; SupervisionIT runs one at a time),
# STRESS (stress-ng's load, default "--cpu 2 --cpu-load 60"), BUILD_LOCK (a flock(1) file that
# the build and each batch hold, so builds sharing the machine go between batches; stress-ng runs
# only while a batch does), NO_BUILD=1 (reuse the jars of an earlier run). MAVEN_ARGS (Maven 3.9)
# reaches every Maven run, e.g. -o.
# Exits 1 when a run failed or did not report. Each batch's Maven output: target/stress-timing/.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/build-jdk.sh
source scripts/build-jdk.sh
started=$SECONDS
logs=$PWD/target/stress-timing
say() { printf '[stress-timing %5ds] %s\n' $((SECONDS - started)) "$*" >&2; }
declare -A module=([ControlledRunTest]=sdk [SupervisionIT]=sdk
  [NoopProvisionerIT]=examples/noop [AnsibleProcessesIT]=examples/ansible-playbook)
(($# > 0)) || set -- ControlledRunTest SupervisionIT NoopProvisionerIT AnsibleProcessesIT
for arg in "$@"; do
  [[ -n ${module[${arg%%=*}]:-} ]] || { say "unknown suite ${arg%%=*} (known: ${!module[*]})"; exit 2; }
done
stress=${STRESS:---cpu 2 --cpu-load 60}
bash scripts/install-packages.sh stress
bash scripts/install-packages.sh ansible # AnsibleProcessesIT's ansible-playbook
mkdir -p "$logs"

# The lock on descriptor 8, which no child inherits (8>&-), so that releasing it releases it.
lock() { if [[ -n ${BUILD_LOCK:-} ]]; then exec 8>>"$BUILD_LOCK" && flock 8; fi; }
unlock() { if [[ -n ${BUILD_LOCK:-} ]]; then flock -u 8 && exec 8>&-; fi; }
stress_pid=
stop_stress() {
  if [[ -n $stress_pid ]]; then
    kill "$stress_pid" 2>/dev/null || true
    wait "$stress_pid" 2>/dev/null || true
    stress_pid=
  fi
}
trap stop_stress EXIT
trap 'exit 143' TERM INT # runs the EXIT trap

# Once: the jars the examples' integration tests run (no tests, no javadoc).
modules=$(printf '%s\n' "${@%%=*}" | while read -r suite; do echo "${module[$suite]}"; done | sort -u | paste -sd,)
if [[ ${NO_BUILD:-0} != 1 ]]; then
  say "building $modules"
  lock
  ./mvnw -B -ntp -pl "$modules" -am package -DskipTests -Dspotless.check.skip=true -Dmaven.javadoc.skip=true \
    -Dmaven.source.skip=true >"$logs/build.log" 2>&1 8>&- || { unlock; tail -40 "$logs/build.log"; exit 1; }
  unlock
fi

# Usage: batch SUITE FIRST COUNT; runs the suite COUNT times under one stress-ng and one lock, and
# adds to passed/failed/skipped. A run counts once its class's "Tests run:" line is printed.
declare -A passed=() failed=() skipped=()
batch() {
  local suite=$1 first=$2 count=$3 goal property out i t0=$SECONDS
  local lifecycle=()
  if [[ $suite == *IT ]]; then goal=failsafe:integration-test property=it.test; else goal=surefire:test property=test; fi
  if [[ ${module[$suite]} != sdk ]]; then
    # An example resolves the SDK from the reactor only when the same Maven run builds it: the
    # lifecycle up to integration-test, with -am, every other test left out.
    goal=integration-test
    lifecycle=(-am -Dtest=NONE -Dspotless.check.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true)
  fi
  out=$logs/$suite-$first.log
  : >"$out"
  lock
  # shellcheck disable=SC2086 # stress holds several options
  stress-ng $stress --quiet 8>&- &
  stress_pid=$!
  # One Maven run per run of the suite: Surefire and Failsafe skip a goal repeated in one Maven run.
  for ((i = 0; i < count; i++)); do
    ./mvnw -B -ntp -pl "${module[$suite]}" "${lifecycle[@]}" "$goal" "-D$property=$suite" -Dmaven.test.failure.ignore=true \
      -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false >>"$out" 2>&1 8>&- || true
  done
  stop_stress
  unlock
  local reported ok bad skip
  reported=$(grep -cE "Tests run: .* in [a-z.]+\.$suite\$" "$out" || true)
  bad=$(grep -E "Tests run: .* in [a-z.]+\.$suite\$" "$out" | grep -cvE 'Failures: 0, Errors: 0' || true)
  skip=$(grep -E "Tests run: .* in [a-z.]+\.$suite\$" "$out" | sed -E 's/.*Skipped: ([0-9]+).*/\1/' | awk '{ n += $1 } END { print n + 0 }' || true)
  ok=$((reported - bad))
  bad=$((bad + count - reported)) # a run that never reported (a crashed fork) failed too
  passed[$suite]=$((${passed[$suite]:-0} + ok))
  failed[$suite]=$((${failed[$suite]:-0} + bad))
  skipped[$suite]=$((${skipped[$suite]:-0} + ${skip:-0}))
  say "$suite runs $first-$((first + count - 1)): $ok passed, $bad failed, ${skip:-0} tests skipped ($((SECONDS - t0)) s; $out)"
}

for arg in "$@"; do
  suite=${arg%%=*}
  runs=50
  [[ $arg != *=* ]] || runs=${arg#*=}
  size=${BATCH:-5}
  [[ $suite != SupervisionIT ]] || size=1
  for ((done_runs = 0; done_runs < runs; done_runs += size)); do
    batch "$suite" $((done_runs + 1)) $((runs - done_runs < size ? runs - done_runs : size))
  done
done

status=0
for arg in "$@"; do
  suite=${arg%%=*}
  say "TOTAL $suite: ${passed[$suite]} passed, ${failed[$suite]} failed, ${skipped[$suite]} tests skipped (under stress-ng $stress)"
  ((failed[$suite] == 0)) || status=1
done
exit "$status"
