# shellcheck shell=bash
# SIGTERM, the platform aborting a deployment (runc kill ... TERM), reaches the JVM and ends the
# run as the SDK documents: exit code 143, cleanup run, no process left (docs/execution-controls.md).
# Sourced by scripts/e2e-images.sh, after scripts/e2e/container.sh.

# Set once by scripts/e2e-images.sh before sourcing, read only (the line stops a run without them):
: "${work:?}"

# READY for container_run_terminated: the debugger agent holds the JVM, waiting for a connection.
jvm_waits_for_debugger() { grep -q "Listening for transport" "$1/out" "$1/err"; }

# Proves: SIGTERM to the container reaches the JVM, which exits with 143. A debugger agent that
# waits for a connection holds the JVM after start-up, so the signal arrives while it runs.
# Usage: expect_sigterm_exits_143 BUNDLE
expect_sigterm_exits_143() {
  local bundle=$1 name=${1##*/} run=$work/runs/${1##*/}-sigterm result rc
  result=$(container_run_terminated "$bundle" "$run" provision 300 jvm_waits_for_debugger \
    JAVA_OPTS=-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:0)
  read -r rc _ <<<"$result"
  jvm_waits_for_debugger "$run" || fail "$name: the JVM did not start for the SIGTERM check: $(tail -5 "$run/err")"
  ((rc == 143)) || fail "$name: after SIGTERM the container exited with $rc, expected 143"
  log "$name: SIGTERM ends the JVM with exit code 143"
}

# READY for container_run_terminated: the noop's slow task started its tool, and the double-forked
# child that ignores SIGTERM runs; its PID goes to RUN/stubborn.pid (the last one found).
stubborn_child_runs() {
  local run=$1 pid stubborn=''
  grep -q "slow-task: tool started" "$run/out" || return 1
  for pid in $(container_pids "$run"); do
    if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q noop-stubborn-child; then stubborn=$pid; fi
  done
  [[ -n "$stubborn" ]] || return 1
  echo "$stubborn" >"$run/stubborn.pid"
}

# Proves: SIGTERM while the noop's slow task runs a tool that left a double-forked child ignoring
# SIGTERM (simulate_stubborn_child): the JVM, PID 1 of the container, stops that child itself
# (SIGKILL when the 2 s grace period ends), runs the cleanup, and exits with 143 within the grace
# period plus a second, leaving no process behind. Restores SAMPLE_DIR's inputs afterwards.
# Usage: expect_sigterm_stops_every_process BUNDLE SAMPLE_DIR
expect_sigterm_stops_every_process() {
  local bundle=$1 sample=$2 name=${1##*/} md=$1/rootfs/massdriver run=$work/runs/${1##*/}-sigterm-stubborn
  local grace_ms=2000 result rc took
  populate_inputs "$bundle" "$sample"
  jq '. + {simulate_slow_task: 300, simulate_stubborn_child: true, execution: {grace_period: "2s"}}' \
    "$md/config.json" >"$md/config.json.new" && mv "$md/config.json.new" "$md/config.json"
  chown 10001:10001 "$md/config.json"
  result=$(container_run_terminated "$bundle" "$run" provision 300 stubborn_child_runs)
  read -r rc took <<<"$result"
  [[ -s "$run/stubborn.pid" ]] || fail "$name: the stubborn child did not start for the SIGTERM check: $(tail -5 "$run/err")"
  ((rc == 143)) || fail "$name: SIGTERM with a stubborn child: exit code $rc, expected 143; stderr: $(tail -5 "$run/err")"
  grep -q "cleanup: the noop provisioner has nothing to undo" "$run/out" \
    || fail "$name: SIGTERM with a stubborn child: the cleanup did not run; see $run/out"
  grep -qE "SIGTERM: [0-9]+ process\(es\) still ran at the end of the grace period: sent SIGKILL" "$run/err" \
    || fail "$name: the SDK did not stop the stubborn child itself; see $run/err"
  # No look at /proc/$stubborn here: when PID 1 exits the kernel kills the rest of the container's
  # PID namespace, so the child is gone whether the SDK stopped it or not. The SDK's own SIGKILL
  # line above is the evidence; SupervisionIT finds survivors by tag, as PID 1 of a namespace too.
  ((took <= grace_ms + 1000)) || fail "$name: exit took $took ms after SIGTERM, more than the grace period (2 s) plus a second"
  populate_inputs "$bundle" "$sample"
  log "$name: SIGTERM with a double-forked child that ignores it: exit 143 in $took ms (grace 2 s), cleanup ran, the SDK killed the child, nothing left"
}
