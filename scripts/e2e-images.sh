#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR/..
# End-to-end image test: builds the images of a project generated from the archetype and of
# examples/noop with Jib, pushes them to a real registry on 127.0.0.1, pulls and unpacks them, and
# runs them with runc the way the platform runs a provisioner: uid 10001, /massdriver holding the
# five input files and bundle/<step>/, MASSDRIVER_* set, entrypoint.sh as the command, no
# capabilities. It needs no Docker engine and no Docker Hub (see README "Images").
#
# This file is the list of what is checked, in order; each check is a function that says what it
# proves, in one file per concern:
#   scripts/e2e/lib.sh                logging, packages, the registry, unpacking, the platform's env
#   scripts/e2e/container.sh          running a container with runc (explicit BUNDLE, RUN, ACTION, env)
#   scripts/e2e/images/setup.sh       the project-local Maven repository, the offline JRE base image
#   scripts/e2e/images/build.sh       archetype:generate, reproducible jib:build, image config and files
#   scripts/e2e/images/run.sh         unprivileged, JVM as PID 1, each action's exit code and output
#   scripts/e2e/images/sigterm.sh     SIGTERM: exit 143, and no process left behind
#   scripts/e2e/images/class-data.sh  the class-data archive: used, opt-out, a broken one ignored
#   scripts/e2e/images/masking.sh     the adversarial masking suite through entrypoint.sh
#   scripts/e2e/images/arm64.sh       image indexes for amd64 and arm64; the arm64 image emulated
#
# Run by scripts/test-all.sh after `./mvnw verify`, which leaves the SDK and the archetype in the
# project-local repository archetype/target/it-repo (the shared ~/.m2 gets no SNAPSHOT).
# Needs root (runc, umoci); installs the "images" packages of scripts/debian-packages.txt when
# missing. Environment: E2E_JDK (the JDK to jlink the base image from, default Temurin 25 if
# present, else the JDK running Maven), MAVEN_MAIN_REPO (default ~/.m2/repository).
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

# Set once here, read (never written) by the files below.
readonly root=$PWD                            # this checkout; the working directory
readonly script_name=e2e-images started=$SECONDS
readonly work=$root/target/e2e-images         # everything the test writes; runs in $work/runs
readonly it_repo=$root/archetype/target/it-repo
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
readonly version                              # the SDK's and the archetype's version
# Then, before the checks are sourced: registry (host:port, from start_registry), jdk (to jlink,
# and for the host's jar and java) and base (the JRE base image, pinned by digest).

source scripts/e2e/lib.sh
source scripts/e2e/container.sh
source scripts/e2e/images/setup.sh

[[ $(id -u) == 0 ]] || fail "needs root for runc and umoci (CI runs as root); run it as root, or skip it with SKIP_IMAGE_E2E=1 scripts/test-all.sh"
rm -rf "$work"
mkdir -p "$work" "$work/xdg/config" "$work/xdg/cache"
ensure_packages images
shellcheck -x scripts/e2e-images.sh scripts/e2e/lib.sh scripts/e2e/container.sh scripts/e2e/images/*.sh \
  scripts/e2e/jre-base-image.sh scripts/e2e/arm64-tree.sh scripts/test-all.sh scripts/install-packages.sh \
  scripts/fresh-machine-check.sh sdk/src/main/native/build.sh \
  >"$work/shellcheck.log" 2>&1 || fail_log "$work/shellcheck.log" "shellcheck found problems in the image test's scripts"
export XDG_CONFIG_HOME=$work/xdg/config XDG_CACHE_HOME=$work/xdg/cache
prepare_maven_repository "${MAVEN_MAIN_REPO:-$HOME/.m2/repository}"

start_registry
readonly registry
log "registry on $registry"
jdk=$(pick_jdk)
readonly jdk
base=$(push_base_image "$jdk" "$registry")
readonly base
log "base image pinned by digest: $base"

source scripts/e2e/images/build.sh
source scripts/e2e/images/run.sh
source scripts/e2e/images/sigterm.sh
source scripts/e2e/images/class-data.sh
source scripts/e2e/images/masking.sh
source scripts/e2e/images/arm64.sh

# --- the project generated from the archetype -----------------------------------------------------
generated=$work/generated
hello_project=$generated/hello-provisioner
hello_secrets=$hello_project/sample/secrets.json
hello=$work/bundles/hello-provisioner
generate_project "$generated"
expect_bad_name_refused "$generated"

expect_reproducible_build "$hello_project" hello-provisioner "$base"
expect_reproducible_build "$root/examples/noop" noop-provisioner "$base"
expect_platforms hello-provisioner
expect_platforms noop-provisioner

# --- the arm64 image of examples/noop, under user-mode emulation ----------------------------------
noop_sample=$root/examples/noop/sample
noop_arm64=$work/bundles/noop-provisioner-arm64
arm64_started=$SECONDS
unpack_arm64_image noop-provisioner "$noop_arm64"
expect_arm64_plan "$noop_arm64" "$noop_sample" \
  "Planning ecomm-prod-api-abc1 in step src" '"database_password": "***"' "plan step=src"
expect_arm64_masking "$noop_arm64" file-descriptor
log "arm64 under emulation: $((SECONDS - arm64_started)) s in all"

expect_image_config hello-provisioner
unpack_image hello-provisioner "$hello"
expect_image_files "$hello"
expect_native_library_in_image "$hello"
populate_inputs "$hello" "$hello_project/sample"
expect_unprivileged "$hello"
expect_jvm_is_pid1 "$hello"
expect_sigterm_exits_143 "$hello"
expect_run "$hello" plan 0 "$hello_secrets" \
  "Plan for demo-prod-app-x1y2: 2 replica(s) of size small in step src" "plan step=src"
expect_run "$hello" provision 0 "$hello_secrets" \
  "Provisioned demo-prod-app-x1y2: wrote /massdriver/bundle/src/provisioned.json"
expect_written_by_10001 "$hello" provision /massdriver/bundle/src/provisioned.json
expect_run "$hello" decommission 0 "$hello_secrets" \
  "Decommissioned demo-prod-app-x1y2: removed /massdriver/bundle/src/provisioned.json"
expect_run "$hello" apply 2 "$hello_secrets" "plan, provision, decommission"

# --- examples/noop, with a class-data archive -----------------------------------------------------
noop=$work/bundles/noop-provisioner
add_class_data_archive noop-provisioner "$noop_sample" plan
expect_image_config noop-provisioner
unpack_image noop-provisioner "$noop"
expect_image_files "$noop"
populate_inputs "$noop" "$noop_sample"
expect_unprivileged "$noop"
expect_jvm_is_pid1 "$noop"
expect_jni_library_masks "$noop"
expect_sigterm_exits_143 "$noop"
expect_archive_used "$noop"
expect_archive_portable_across_cpus "$noop" "$noop_sample"
expect_broken_archive_ignored "$noop" "$noop_sample"
expect_run "$noop" plan 0 "$noop_sample/secrets.json" \
  "Planning ecomm-prod-api-abc1 in step src" '"database_password": "***"' "plan step=src"
expect_run "$noop" provision 0 "$noop_sample/secrets.json" \
  "Provisioning ecomm-prod-api-abc1 in step src" '"database_password": "***"' "provision step=src"
expect_run "$noop" decommission 0 "$noop_sample/secrets.json" \
  "Decommissioning ecomm-prod-api-abc1 in step src" '"database_password": "***"' "decommission step=src"
expect_run "$noop" apply 2 "$noop_sample/secrets.json" "plan, provision, decommission"
expect_sigterm_stops_every_process "$noop" "$noop_sample"
# A hardened pod: the root file system read-only, only /massdriver writable, no writable /tmp.
expect_native_library_in_image "$noop"
read_only_root "$noop" on
expect_jni_library_masks "$noop" "read-only root file system"
for action in plan provision decommission; do
  expect_run "$noop" "$action" 0 "$noop_sample/secrets.json" "$action step=src" '"database_password": "***"'
done
expect_leak_checks_catch_a_leak "$noop_sample/secrets.json"
expect_masking "$noop"
read_only_root "$noop" off

log "PASS: images of hello-provisioner and noop-provisioner built, pushed, pulled and run; wall time $((SECONDS - started)) s"
