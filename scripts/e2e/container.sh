# shellcheck shell=bash
# Runs a provisioner's container with runc the way the platform runs it, for the image checks
# (scripts/e2e-images.sh, scripts/e2e/images/). Sourced after scripts/e2e/lib.sh, not run.
#
# Every input is a parameter and every result goes to the caller, never through a global:
#   BUNDLE  a runc bundle made by unpack_bundle (lib.sh), inputs in place (populate_inputs);
#   RUN     a directory the caller names, e.g. $work/runs/noop-provisioner-plan, made afresh by each
#           run: RUN/out and RUN/err are the container's stdout and stderr, RUN/id its runc id;
#   ACTION  the deployment action (MASSDRIVER_DEPLOYMENT_ACTION);
#   NAME=VALUE words are added to the platform's environment (platform_env), e.g. JAVA_OPTS=...;
#   the command is the image's entrypoint.sh unless COMMAND words follow `--`.
# The exit code is printed, so a call reads rc=$(container_run ...). runc keeps its state in
# $work/runc, where lib.sh's cleanup deletes whatever is left on exit.

# Set by the sourcing script, read only:
: "${work:?}"

# Writes BUNDLE's runtime config for one run (the platform's environment, no capabilities) and
# makes RUN afresh. Usage: container_prepare BUNDLE RUN ACTION [NAME=VALUE...] [-- COMMAND...]
container_prepare() {
  local bundle=$1 run=$2 action=$3 args='["entrypoint.sh"]' env=()
  shift 3
  while (($# > 0)) && [[ $1 != -- ]]; do
    [[ $1 == *=* ]] || fail "container_prepare: '$1' is not NAME=VALUE (a command goes after --)"
    env+=("$1")
    shift
  done
  if (($# > 1)); then
    shift
    args=$(printf '%s\n' "$@" | jq -R . | jq -cs .)
  fi
  runc_config "$bundle" "$action" "$args" ${env[@]+"${env[@]}"}
  rm -rf "$run"
  mkdir -p "$run"
  echo "e2e-$$-${run##*/}-$RANDOM" >"$run/id"
}

# Runs the container once, to its end (at most 120 s), and prints its exit code.
# Usage: rc=$(container_run BUNDLE RUN ACTION [NAME=VALUE...] [-- COMMAND...])
container_run() {
  local bundle=$1 run=$2 rc=0
  container_prepare "$@"
  timeout 120 runc --root "$work/runc" run --bundle "$bundle" "$(<"$run/id")" \
    </dev/null >"$run/out" 2>"$run/err" || rc=$?
  echo "$rc"
}

# Runs the container in the background and sends it SIGTERM, as the platform does to abort a
# deployment, once `READY RUN` succeeds: READY is a command tried every 0.1 s while the container
# runs, at most TRIES times (SIGTERM goes anyway after that: the caller checks READY's evidence).
# Then waits for the container to end, and prints its exit code and the milliseconds from SIGTERM
# to the end.
# Usage: result=$(container_run_terminated BUNDLE RUN ACTION TRIES READY [NAME=VALUE...])
#        read -r rc ms <<<"$result"
container_run_terminated() {
  local bundle=$1 run=$2 action=$3 tries=$4 ready=$5 runc_pid rc=0 t0
  shift 5
  container_prepare "$bundle" "$run" "$action" "$@"
  timeout 120 runc --root "$work/runc" run --bundle "$bundle" "$(<"$run/id")" \
    </dev/null >"$run/out" 2>"$run/err" &
  runc_pid=$!
  for _ in $(seq 1 "$tries"); do
    "$ready" "$run" && break
    kill -0 "$runc_pid" 2>/dev/null || break
    sleep 0.1
  done
  t0=$EPOCHREALTIME
  runc --root "$work/runc" kill "$(<"$run/id")" TERM 2>/dev/null || true
  wait "$runc_pid" || rc=$?
  echo "$rc $(((${EPOCHREALTIME/./} - ${t0/./}) / 1000))"
}

# Prints the host PIDs of the processes of RUN's container while it runs.
# Usage: container_pids RUN
container_pids() {
  runc --root "$work/runc" ps --format json "$(<"$1/id")" | jq -r '.[]'
}
