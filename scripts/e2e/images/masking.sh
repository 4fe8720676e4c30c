# shellcheck shell=bash
# The adversarial masking suite (adversarial/, docs/redaction.md) through an image's own
# entrypoint.sh and JVM, run as the platform runs a provisioner. Sourced by scripts/e2e-images.sh,
# after scripts/e2e/container.sh.

# Set once by scripts/e2e-images.sh before sourcing, read only (the line stops a run without them):
: "${root:?}" "${work:?}" "${jdk:?}"
: "${platform_token:?}" # the fake MASSDRIVER_TOKEN, from scripts/e2e/lib.sh


# READY for container_run_terminated: LeakyProvisioner's sigterm scenario waits for the signal.
leaky_provisioner_waits() { grep -q "ready for SIGTERM" "$1/out"; }

# Points BUNDLE's class path and main class at adversarial/target/adversarial-provisioner.jar's
# LeakyProvisioner (it prints its secrets every way it can, as LEAK_SCENARIO says), copied into the
# image; restore_image_app BUNDLE puts the image's own back. Usage: use_leaky_provisioner BUNDLE
use_leaky_provisioner() {
  local rootfs=$1/rootfs jar=$root/adversarial/target/adversarial-provisioner.jar
  [[ -f "$jar" ]] || fail "$jar is missing: run ./mvnw verify (or -pl adversarial -am package) first"
  mkdir -p "$rootfs/app/adversarial"
  cp -r "$jar" "$root/adversarial/target/lib" "$rootfs/app/adversarial/"
  cp "$rootfs/app/jib-classpath-file" "$work/classpath.bak"
  cp "$rootfs/app/jib-main-class-file" "$work/main-class.bak"
  echo "/app/adversarial/adversarial-provisioner.jar:/app/adversarial/lib/*" >"$rootfs/app/jib-classpath-file"
  echo "dev.provisionersdk.adversarial.LeakyProvisioner" >"$rootfs/app/jib-main-class-file"
}

# Usage: restore_image_app BUNDLE (after use_leaky_provisioner BUNDLE)
restore_image_app() {
  cp "$work/classpath.bak" "$1/rootfs/app/jib-classpath-file"
  cp "$work/main-class.bak" "$1/rootfs/app/jib-main-class-file"
  rm -rf "$1/rootfs/app/adversarial"
}

# Prints every scenario of LeakyProvisioner (LEAK_SCENARIO), in order, with the exit code its run
# must end with and a text its output must hold: NAME<TAB>EXIT<TAB>TEXT, the jar's own list
# (Scenarios), so none is left out. Usage: leaky_scenarios
leaky_scenarios() {
  local jar=$root/adversarial/target/adversarial-provisioner.jar
  "$jdk/bin/java" -cp "$jar:$root/adversarial/target/lib/*" dev.provisionersdk.adversarial.Scenarios
}

# Proves, for one finished run RUN of LeakyProvisioner on adversarial/sample: LeakCheck (the test
# kit's independent check, on the host's JVM) finds no secret nor the platform's token in its
# stdout or stderr. Usage: expect_no_leak WHAT RUN
expect_no_leak() {
  local jar=$root/adversarial/target/adversarial-provisioner.jar
  "$jdk/bin/java" -cp "$jar:$root/adversarial/target/lib/*" dev.provisionersdk.adversarial.LeakCheck \
    "$root/adversarial/sample/secrets.json" "$2/out" "$2/err" "$platform_token" >"$2/leak-check.log" 2>&1 \
    || fail_log "$2/leak-check.log" "$1: a secret leaked; see $2/out and $2/err"
  grep -q '^no leak of ' "$2/leak-check.log" || fail_log "$2/leak-check.log" "$1: the leak check did not run to its end"
}

# Proves: no secret leaks however a provisioner prints it. BUNDLE's class path and main class are
# pointed at adversarial/target/adversarial-provisioner.jar (its LeakyProvisioner prints its
# secrets every way it can), each scenario runs as the platform runs a provisioner with its
# expected exit code, prints something masked, and LeakCheck (the test kit's independent check, on
# the host's JVM) finds no secret nor the platform's token in stdout or stderr, on any JDK of the
# image (the SDK's JNI library masks file descriptors 1 and 2 on JDK 17 too). The image's own
# class path and main class are restored afterwards. Usage: expect_masking BUNDLE
expect_masking() {
  local bundle=$1 name=${1##*/} rootfs=$1/rootfs
  local sample=$root/adversarial/sample entry scenario expected feature env run result rc
  feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rootfs/opt/java/release")
  use_leaky_provisioner "$bundle"
  local scenarios=() text
  mapfile -t scenarios < <(leaky_scenarios)
  ((${#scenarios[@]} >= 14)) || fail "the adversarial jar lists ${#scenarios[@]} scenarios: $(printf '%s; ' "${scenarios[@]}")"
  # Each run's leak check (a JVM of its own) goes on while the next scenario runs; all are waited
  # for, and any failure fails the check, below.
  local -A checks=()
  for entry in "${scenarios[@]}"; do
    IFS=$'\t' read -r scenario expected text <<<"$entry"
    populate_inputs "$bundle" "$sample"
    run=$work/runs/$name-masking-$scenario
    env=(PROVISIONER_CDS=false "LEAK_SCENARIO=$scenario")
    if [[ $scenario == sigterm ]]; then
      result=$(container_run_terminated "$bundle" "$run" provision 600 leaky_provisioner_waits "${env[@]}")
      read -r rc _ <<<"$result"
    else
      rc=$(container_run "$bundle" "$run" provision "${env[@]}")
    fi
    ((rc == expected)) || fail "$name masking $scenario: exit code $rc, expected $expected: $(tail -3 "$run/err")"
    # The scenario's own text (for most, masked secrets; the shutdown hook's secrets may be dropped:
    # it races the final flush, which then drops what comes after, but its own line must be there).
    grep -qF -- "$text" "$run/out" "$run/err" \
      || fail "$name masking $scenario: its output lacks '$text'; see $run/out and $run/err"
    expect_no_leak "$name masking $scenario" "$run" &
    checks[$scenario]=$!
  done
  for scenario in "${!checks[@]}"; do
    wait "${checks[$scenario]}" || fail "$name masking $scenario: the leak check failed (above)"
  done
  restore_image_app "$bundle"
  log "$name: the adversarial masking suite through entrypoint.sh (JDK $feature) leaks nothing"
}

# Negative control for the leak checks this test relies on: expect_output (lib.sh) and LeakCheck
# must each fail on a made-up run that prints a secret of SECRETS_FILE, raw and base64-encoded.
# Usage: expect_leak_checks_catch_a_leak SECRETS_FILE
expect_leak_checks_catch_a_leak() {
  local secrets=$1 dir=$work/runs/negative-control secret jar=$root/adversarial/target/adversarial-provisioner.jar
  mkdir -p "$dir"
  secret=$(jq -r '[.. | scalars | tostring | select(length >= 8)][0] // empty' "$secrets")
  [[ -n "$secret" ]] || fail "negative control: no secret of 8+ characters in $secrets"
  printf 'starting\nvalue: %s\n' "$secret" >"$dir/out" && : >"$dir/err"
  if (expect_output "negative control" "$secrets" "$dir/out" "$dir/err") 2>/dev/null; then
    fail "negative control: expect_output passed a run that printed a secret"
  fi
  printf 'blob: %s\n' "$(printf 'x%sy' "$secret" | base64 -w0)" >"$dir/out"
  if "$jdk/bin/java" -cp "$jar:$root/adversarial/target/lib/*" dev.provisionersdk.adversarial.LeakCheck \
    "$secrets" "$dir/out" "$dir/err" >"$dir/leak-check.log" 2>&1; then
    fail "negative control: LeakCheck passed a run that printed a secret in base64"
  fi
  grep -q '^LEAK' "$dir/leak-check.log" || fail_log "$dir/leak-check.log" "negative control: LeakCheck failed without reporting a leak"
  log "negative control: expect_output and LeakCheck both fail on a run that prints a secret"
}
