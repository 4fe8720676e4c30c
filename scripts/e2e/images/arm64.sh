# shellcheck shell=bash
# The images are image indexes for linux/amd64 and linux/arm64, and the arm64 image works: its own
# entrypoint.sh and arm64 JVM run under user-mode emulation (Debian's qemu-user-static), with the
# aarch64 JNI library of the image masking the descriptors. Sourced by scripts/e2e-images.sh, after
# scripts/e2e/container.sh and masking.sh.
#
# binfmt_misc cannot be registered on these machines, so an arm64 program cannot exec another: the
# image's entrypoint.sh is run by the host's static busybox, and its `exec java` finds a `java` that
# execs qemu-aarch64-static on the image's own /opt/java/bin/java, both in /e2e-qemu, first on
# PATH. Everything after that (the JVM, the SDK, the JNI library) is the image's arm64 code. The
# JVM is slow to start under emulation, so one plan and one masking scenario run here, not all.

# Set once by scripts/e2e-images.sh before sourcing, read only (the line stops a run without them):
: "${root:?}" "${work:?}" "${registry:?}"

# Proves: the image NAME in the registry is an index with exactly linux/amd64 and linux/arm64.
# Usage: expect_platforms NAME
expect_platforms() {
  local name=$1 platforms
  platforms=$(skopeo inspect --tls-verify=false --raw "docker://$registry/$name:e2e" \
    | jq -c '[.manifests[]? | .platform.os + "/" + .platform.architecture] | sort')
  [[ $platforms == '["linux/amd64","linux/arm64"]' ]] || fail "$name: the image is not an index of linux/amd64 and linux/arm64: $platforms"
  log "$name: an image index of linux/amd64 and linux/arm64"
}

# Pulls the linux/arm64 image of $registry/NAME:e2e (by its digest in the index), unpacks it as the
# runc bundle BUNDLE and adds the emulation (/e2e-qemu, above).
# Usage: unpack_arm64_image NAME BUNDLE
unpack_arm64_image() {
  local name=$1 bundle=$2 digest
  digest=$(skopeo inspect --tls-verify=false --raw "docker://$registry/$name:e2e" \
    | jq -r '.manifests[] | select(.platform.architecture == "arm64") | .digest')
  [[ $digest == sha256:* ]] || fail "$name: no arm64 image in the index"
  unpack_bundle "$registry/$name@$digest" "$work/oci/$name-arm64" "$bundle"
  mkdir -p "$bundle/rootfs/e2e-qemu"
  cp /usr/bin/qemu-aarch64-static /bin/busybox "$bundle/rootfs/e2e-qemu/"
  ln -s busybox "$bundle/rootfs/e2e-qemu/sh"
  printf '#!/e2e-qemu/sh\nexec /e2e-qemu/qemu-aarch64-static /opt/java/bin/java "$@"\n' >"$bundle/rootfs/e2e-qemu/java"
  chmod 755 "$bundle/rootfs/e2e-qemu/java"
}

# Runs the arm64 image's entrypoint.sh once, under emulation (at most 300 s), and prints its exit
# code; as container_run otherwise. Usage: rc=$(arm64_run BUNDLE RUN ACTION [NAME=VALUE...])
arm64_run() {
  local bundle=$1 run=$2 action=$3 rc=0
  shift 3
  container_prepare "$bundle" "$run" "$action" "$@" -- /e2e-qemu/sh /usr/local/bin/entrypoint.sh
  jq '.process.env |= map(if startswith("PATH=") then "PATH=/e2e-qemu:" + .[5:] else . end)' \
    "$bundle/config.json" >"$bundle/config.qemu.json"
  mv "$bundle/config.qemu.json" "$bundle/config.json"
  timeout 300 runc --root "$work/runc" run --bundle "$bundle" "$(<"$run/id")" \
    </dev/null >"$run/out" 2>"$run/err" || rc=$?
  echo "$rc"
}

# The JVM options of the emulated runs: the SDK's debug line about the native library, the JVM's
# properties (os.arch) on stderr, and no writable temporary directory, so that the JNI library can
# only be the image's file under /app/native (the jar's copy could not be written).
arm64_java_opts='JAVA_OPTS=-Dorg.slf4j.simpleLogger.log.dev.provisionersdk=debug -XshowSettings:properties -Djava.io.tmpdir=/nonexistent'

# Proves: the arm64 image holds an AArch64 JNI library at /app/native/linux-aarch64/, its JVM is an
# aarch64 one, and a plan on SAMPLE_DIR through its own entrypoint.sh exits 0, prints each TEXT,
# leaks no secret of SAMPLE_DIR/secrets.json, and masks file descriptors 1 and 2 through that JNI
# library, with no warning. Logs the seconds the emulated run took.
# Usage: expect_arm64_plan BUNDLE SAMPLE_DIR TEXT...
expect_arm64_plan() {
  local bundle=$1 sample=$2 name=${1##*/} run=$work/runs/${1##*/}-plan rc t0=$SECONDS
  local library=$1/rootfs/app/native/linux-aarch64/libprovisionersdk-posix.so
  shift 2
  [[ -f $library ]] || fail "$name: no /app/native/linux-aarch64/libprovisionersdk-posix.so in the arm64 image"
  readelf -h "$library" | grep -q 'Machine:.*AArch64' || fail "$name: /app/native/linux-aarch64/ holds no AArch64 library"
  populate_inputs "$bundle" "$sample"
  rc=$(arm64_run "$bundle" "$run" plan "$arm64_java_opts")
  ((rc == 0)) || fail "$name plan under emulation: exit code $rc: $(tail -5 "$run/err")"
  grep -qE '^ *os\.arch = aarch64$' "$run/err" || fail "$name: the JVM is not an aarch64 one: $(grep 'os.arch' "$run/err")"
  expect_output "$name plan" "$sample/secrets.json" "$run/out" "$run/err" "$@" \
    'file descriptors 1 and 2 are masked through the JNI library'
  if grep -qiE 'not masked|warn' "$run/err"; then fail "$name: a warning in a masked run: $(grep -iE 'not masked|warn' "$run/err")"; fi
  log "$name: plan under emulation (aarch64 JVM, the image's aarch64 JNI library masks descriptors 1 and 2) in $((SECONDS - t0)) s"
}

# Proves: LeakyProvisioner's SCENARIO, run through the arm64 image's entrypoint.sh under emulation,
# exits as it must, prints its text, and LeakCheck finds no secret in its output. Logs the seconds
# it took. Usage: expect_arm64_masking BUNDLE SCENARIO
expect_arm64_masking() {
  local bundle=$1 scenario=$2 name=${1##*/} run=$work/runs/${1##*/}-masking-$2 entry expected text rc t0=$SECONDS
  entry=$(leaky_scenarios | grep -E "^$scenario"$'\t') || fail "no scenario $scenario in the adversarial jar"
  IFS=$'\t' read -r _ expected text <<<"$entry"
  use_leaky_provisioner "$bundle"
  populate_inputs "$bundle" "$root/adversarial/sample"
  rc=$(arm64_run "$bundle" "$run" provision PROVISIONER_CDS=false "LEAK_SCENARIO=$scenario" "$arm64_java_opts")
  restore_image_app "$bundle"
  ((rc == expected)) || fail "$name masking $scenario under emulation: exit code $rc, expected $expected: $(tail -3 "$run/err")"
  grep -qF -- "$text" "$run/out" "$run/err" || fail "$name masking $scenario: its output lacks '$text'; see $run/out and $run/err"
  grep -q 'file descriptors 1 and 2 are masked through the JNI library' "$run/err" \
    || fail "$name masking $scenario: descriptors not masked through the JNI library"
  expect_no_leak "$name masking $scenario under emulation" "$run"
  log "$name: masking scenario $scenario under emulation leaks nothing, in $((SECONDS - t0)) s"
}
