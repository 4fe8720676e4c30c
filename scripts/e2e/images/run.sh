# shellcheck shell=bash
# The image runs as the platform runs a provisioner: uid/gid 10001, no capabilities, /massdriver
# holding the inputs, MASSDRIVER_* set, entrypoint.sh as the command. Each check takes the image's
# runc BUNDLE (its directory name, e.g. noop-provisioner, names it in messages) with the inputs in
# place. Sourced by scripts/e2e-images.sh, after scripts/e2e/container.sh.

# Set once by scripts/e2e-images.sh before sourcing, read only (the line stops a run without them):
: "${work:?}"

# Proves: the process the platform starts has uid and gid 10001, empty capability sets and can
# write /massdriver. Usage: expect_unprivileged BUNDLE
expect_unprivileged() {
  local bundle=$1 name=${1##*/} md=$1/rootfs/massdriver run=$work/runs/${1##*/}-unprivileged rc cap
  rc=$(container_run "$bundle" "$run" plan -- /bin/busybox sh -c \
    'busybox grep -E "^(Uid|Gid|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs):" /proc/self/status && busybox touch /massdriver/probe')
  ((rc == 0)) || fail "$name: probe failed ($rc): $(cat "$run/err")"
  grep -qE '^Uid:\s+10001\s+10001\s+10001\s+10001$' "$run/out" || fail "$name: process did not run as uid 10001: $(cat "$run/out")"
  grep -qE '^Gid:\s+10001\s+10001\s+10001\s+10001$' "$run/out" || fail "$name: process did not run as gid 10001"
  for cap in CapInh CapPrm CapEff CapBnd CapAmb; do
    grep -qE "^$cap:\s+0+$" "$run/out" || fail "$name: $cap is not empty: $(grep "^$cap" "$run/out")"
  done
  [[ $(stat -c '%u:%g' "$md/probe") == 10001:10001 ]] || fail "$name: /massdriver is not writable by 10001"
  rm -f "$md/probe"
  log "$name: ran as 10001:10001 with no capabilities; /massdriver writable"
}

# Proves: entrypoint.sh execs the JVM, so the JVM is PID 1 of the container (and so receives the
# platform's SIGTERM itself). Usage: expect_jvm_is_pid1 BUNDLE
expect_jvm_is_pid1() {
  local bundle=$1 name=${1##*/} run=$work/runs/${1##*/}-pid1 rc
  rc=$(container_run "$bundle" "$run" plan JAVA_OPTS=-Xlog:os=info:stderr)
  ((rc == 0)) || fail "$name: plan with JAVA_OPTS failed ($rc): $(tail -5 "$run/err")"
  grep -q 'Initialized VM with process ID 1$' "$run/err" \
    || fail "$name: the JVM is not PID 1: $(grep 'process ID' "$run/err")"
  log "$name: the JVM runs as PID 1"
}

# Proves: the SDK masks file descriptors 1 and 2 through its JNI library in the image (a jlinked
# JRE, busybox, uid 10001, the library loaded from /app/native), not left to the Java streams.
# Usage: expect_jni_library_masks BUNDLE [WHAT: how the container runs, for the log]
expect_jni_library_masks() {
  local bundle=$1 name=${1##*/} run=$work/runs/${1##*/}-jni rc
  rc=$(container_run "$bundle" "$run" plan JAVA_OPTS=-Dorg.slf4j.simpleLogger.log.dev.provisionersdk=debug)
  ((rc == 0)) || fail "$name: plan with debug logging failed ($rc): $(tail -5 "$run/err")"
  grep -q 'file descriptors 1 and 2 are masked through the JNI library' "$run/err" \
    || fail "$name: descriptors not masked through the JNI library: $(grep -i 'descriptors' "$run/err")"
  grep -qiE 'not masked|warn' "$run/err" && fail "$name: a warning in a masked run: $(grep -iE 'not masked|warn' "$run/err")"
  log "$name: file descriptors 1 and 2 are masked through the JNI library${2:+ ($2)}"
}

# Proves: the image's JNI library is a file of the image (/app/native/linux-<arch>/, loaded from
# there: nothing written at start-up) for the image's architecture.
# Usage: expect_native_library_in_image BUNDLE
expect_native_library_in_image() {
  local bundle=$1 name=${1##*/} arch
  arch=$(uname -m)
  [[ -f $bundle/rootfs/app/native/linux-$arch/libprovisionersdk-posix.so ]] \
    || fail "$name: no /app/native/linux-$arch/libprovisionersdk-posix.so in the image"
  log "$name: the JNI library is a file of the image: /app/native/linux-$arch/"
}

# Proves, for one ACTION: the exit code is EXIT, each TEXT is in the output, and no value of
# SECRETS_FILE nor the platform's token appears in stdout or stderr. Logs the time from runc start
# to exit. Usage: expect_run BUNDLE ACTION EXIT SECRETS_FILE TEXT...
expect_run() {
  local bundle=$1 action=$2 expected=$3 secrets=$4 name=${1##*/} run rc took t0=$EPOCHREALTIME
  shift 4
  run=$work/runs/$name-$action
  rc=$(container_run "$bundle" "$run" "$action")
  took=$(((${EPOCHREALTIME/./} - ${t0/./}) / 1000))
  ((rc == expected)) || fail "$name $action: exit code $rc, expected $expected; stderr: $(tail -5 "$run/err")"
  expect_output "$name $action" "$secrets" "$run/out" "$run/err" "$@"
  log "$name $action: exit $rc as expected (${took} ms, runc start to exit)"
}

# Proves: a file the provisioner wrote under /massdriver belongs to the platform's user 10001.
# Usage: expect_written_by_10001 BUNDLE ACTION PATH (PATH inside the container)
expect_written_by_10001() {
  local bundle=$1 action=$2 path=$3
  [[ $(stat -c '%u:%g' "$bundle/rootfs$path") == 10001:10001 ]] \
    || fail "${bundle##*/} $action: $path not written by 10001"
}
