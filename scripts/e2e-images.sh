#!/usr/bin/env bash
# End-to-end image test: builds the images of a project generated from the archetype and of
# examples/noop with Jib, pushes them to a real registry on 127.0.0.1, pulls and unpacks them, and
# runs them with runc the way the platform runs a provisioner: uid 10001, /massdriver holding the
# five input files and bundle/<step>/, MASSDRIVER_* set, entrypoint.sh as the command, no
# capabilities. It needs no Docker engine and no Docker Hub (see README "Images").
#
# Run by scripts/test-all.sh after `./mvnw verify`, which leaves the SDK and the archetype in the
# project-local repository archetype/target/it-repo (the shared ~/.m2 gets no SNAPSHOT).
# Needs root (runc, umoci); installs docker-registry skopeo umoci runc busybox-static jq when
# missing. Environment: E2E_JDK (the JDK to jlink the base image from, default Temurin 25 if
# present, else the JDK running Maven), MAVEN_MAIN_REPO (default ~/.m2/repository).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
started=$SECONDS
work=$root/target/e2e-images
it_repo=$root/archetype/target/it-repo
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)

script_name=e2e-images
# shellcheck source=e2e/lib.sh
source "$root/scripts/e2e/lib.sh"

# Maven against the project-local repository; the main build's repository serves as a remote.
main_repo=${MAVEN_MAIN_REPO:-$HOME/.m2/repository}
mvn_local() {
  "$root/mvnw" -B -ntp -q -s "$work/settings.xml" -Dmaven.repo.local="$it_repo" "$@"
}
jib_props=(-Djib.disableUpdateChecks=true -Djib.allowInsecureRegistries=true -Djib.console=plain)

# Builds an image twice from clean (same inputs) and checks the digests are equal.
# Usage: build_image POM_DIR NAME
build_image() {
  local dir=$1 name=$2 first second
  log "jib:build $name (1/2)"
  mvn_local -f "$dir/pom.xml" clean package jib:build -DskipTests -Dspotless.check.skip=true \
    "${jib_props[@]}" -Djib.from.image="$base" -Dimage="$registry/$name:e2e" >"$work/$name-build1.log" 2>&1 \
    || fail_log "$work/$name-build1.log" "jib:build of $name failed"
  first=$(cat "$dir/target/jib-image.digest")
  log "jib:build $name (2/2, for the reproducibility check)"
  mvn_local -f "$dir/pom.xml" clean package jib:build -DskipTests -Dspotless.check.skip=true \
    "${jib_props[@]}" -Djib.from.image="$base" -Dimage="$registry/$name:e2e-again" >"$work/$name-build2.log" 2>&1 \
    || fail_log "$work/$name-build2.log" "second jib:build of $name failed"
  second=$(cat "$dir/target/jib-image.digest")
  [[ "$first" == "$second" ]] || fail "$name: two builds of the same inputs gave $first and $second"
  log "$name: reproducible digest $first"
}

# Checks the image's config, then pulls and unpacks it into a runc bundle.
# Usage: unpack_image NAME
unpack_image() {
  local name=$1 config bundle=$work/bundles/$1
  config=$(skopeo inspect --tls-verify=false --config "docker://$registry/$name:e2e")
  [[ $(jq -r '.config.User' <<<"$config") == "10001:10001" ]] || fail "$name: image user is not 10001:10001: $config"
  [[ $(jq -r '.config.WorkingDir' <<<"$config") == "/massdriver" ]] || fail "$name: working directory is not /massdriver"
  [[ $(jq -c '.config.Entrypoint' <<<"$config") == '["/usr/local/bin/entrypoint.sh"]' ]] \
    || fail "$name: entrypoint is not /usr/local/bin/entrypoint.sh"
  [[ $(jq -r '.created' <<<"$config") == 1970-01-01T00:00:00Z ]] || fail "$name: creation time is not fixed"

  unpack_bundle "$registry/$name:e2e" "$work/oci/$name" "$bundle"
  [[ $(stat -c '%a' "$bundle/rootfs/massdriver") == 777 ]] || fail "$name: /massdriver is not mode 777"
  [[ $(stat -c '%a' "$bundle/rootfs/usr/local/bin/entrypoint.sh") == 755 ]] || fail "$name: entrypoint.sh is not mode 755"
  grep -q '^exec java ' "$bundle/rootfs/usr/local/bin/entrypoint.sh" || fail "$name: entrypoint.sh does not exec java"
  [[ -s "$bundle/rootfs/app/jib-classpath-file" && -s "$bundle/rootfs/app/jib-main-class-file" ]] \
    || fail "$name: Jib's classpath and main-class files are missing"
  jq -e '.process.user.uid == 10001 and .process.user.gid == 10001 and .process.cwd == "/massdriver"' \
    "$bundle/config.json" >/dev/null || fail "$name: runtime config does not run as 10001 in /massdriver"
}

# Puts the inputs into the container's /massdriver. Usage: populate NAME SAMPLE_DIR
populate() { populate_inputs "$work/bundles/$1" "$2"; }

java_opts=
extra_env=()
# Writes the runtime config of one run: the platform's environment, no capabilities.
# Usage: configure NAME ACTION [COMMAND...]; JAVA_OPTS is set to $java_opts when not empty.
configure() {
  local name=$1 action=$2 bundle=$work/bundles/$1
  shift 2
  local args='["entrypoint.sh"]'
  (($# > 0)) && args=$(printf '%s\n' "$@" | jq -R . | jq -cs .)
  local extra=(${extra_env[@]+"${extra_env[@]}"})
  [[ -n "$java_opts" ]] && extra+=("JAVA_OPTS=$java_opts")
  runc_config "$bundle" "$action" "$args" ${extra[@]+"${extra[@]}"}
  id=e2e-$$-$name-$action-$RANDOM
  out=$work/runs/$name-$action.out
  err=$work/runs/$name-$action.err
  mkdir -p "$work/runs"
}

# Runs the container once. Usage: run_container NAME ACTION [COMMAND...]; sets out, err, rc.
run_container() {
  configure "$@"
  rc=0
  timeout 120 runc --root "$work/runc" run --bundle "$work/bundles/$1" "$id" </dev/null >"$out" 2>"$err" || rc=$?
}

# Asserts one action's run: exit code, texts on stdout, no secret anywhere.
# Usage: expect_run NAME ACTION EXIT SECRETS_FILE TEXT...
expect_run() {
  local name=$1 action=$2 expected=$3 secrets=$4
  shift 4
  local t0=$EPOCHREALTIME
  run_container "$name" "$action"
  local took=$(((${EPOCHREALTIME/./} - ${t0/./}) / 1000))
  ((rc == expected)) || fail "$name $action: exit code $rc, expected $expected; stderr: $(tail -5 "$err")"
  expect_output "$name $action" "$secrets" "$out" "$err" "$@"
  log "$name $action: exit $rc as expected (${took} ms, runc start to exit)"
}

# The process the platform starts: uid/gid 10001, no capabilities, /massdriver writable.
expect_unprivileged() {
  local name=$1 md=$work/bundles/$1/rootfs/massdriver
  run_container "$name" plan /bin/busybox sh -c \
    'busybox grep -E "^(Uid|Gid|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs):" /proc/self/status && busybox touch /massdriver/probe'
  ((rc == 0)) || fail "$name: probe failed ($rc): $(cat "$err")"
  grep -qE '^Uid:\s+10001\s+10001\s+10001\s+10001$' "$out" || fail "$name: process did not run as uid 10001: $(cat "$out")"
  grep -qE '^Gid:\s+10001\s+10001\s+10001\s+10001$' "$out" || fail "$name: process did not run as gid 10001"
  for cap in CapInh CapPrm CapEff CapBnd CapAmb; do
    grep -qE "^$cap:\s+0+$" "$out" || fail "$name: $cap is not empty: $(grep "^$cap" "$out")"
  done
  [[ $(stat -c '%u:%g' "$md/probe") == 10001:10001 ]] || fail "$name: /massdriver is not writable by 10001"
  rm -f "$md/probe"
  log "$name: ran as 10001:10001 with no capabilities; /massdriver writable"
  # entrypoint.sh execs the JVM: it is PID 1 (so it receives the platform's SIGTERM).
  java_opts=-Xlog:os=info:stderr
  run_container "$name" plan
  java_opts=
  ((rc == 0)) || fail "$name: plan with JAVA_OPTS failed ($rc): $(tail -5 "$err")"
  grep -q 'Initialized VM with process ID 1$' "$err" || fail "$name: the JVM is not PID 1: $(grep 'process ID' "$err")"
  log "$name: the JVM runs as PID 1"

  # SIGTERM to the container reaches the JVM, which exits with 143. A debugger agent that waits
  # for a connection holds the JVM after start-up, so the signal arrives while it runs.
  java_opts=-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:0
  configure "$name" provision
  java_opts=
  rc=0
  timeout 120 runc --root "$work/runc" run --bundle "$work/bundles/$name" "$id" </dev/null >"$out" 2>"$err" &
  local runc_pid=$!
  for _ in $(seq 1 300); do
    grep -q "Listening for transport" "$out" "$err" && break
    kill -0 "$runc_pid" 2>/dev/null || break
    sleep 0.1
  done
  grep -q "Listening for transport" "$out" "$err" || fail "$name: the JVM did not start for the SIGTERM check: $(tail -5 "$err")"
  runc --root "$work/runc" kill "$id" TERM
  wait "$runc_pid" || rc=$?
  ((rc == 143)) || fail "$name: after SIGTERM the container exited with $rc, expected 143"
  log "$name: SIGTERM ends the JVM with exit code 143"
}

# SIGTERM, the platform aborting a deployment, while the noop's slow task runs a tool that left a
# double-forked child ignoring SIGTERM (simulate_stubborn_child): the JVM, PID 1 of the container,
# must stop that child itself (SIGKILL when the 2 s grace period ends), run the cleanup, and exit
# with 143 within the grace period plus a second, leaving no process behind.
# Usage: expect_sigterm_stops_every_process NAME SAMPLE_DIR
expect_sigterm_stops_every_process() {
  local name=$1 sample=$2 md=$work/bundles/$1/rootfs/massdriver grace_ms=2000
  local runc_pid pid stubborn= t0 took state
  populate "$name" "$sample"
  jq '. + {simulate_slow_task: 300, simulate_stubborn_child: true, execution: {grace_period: "2s"}}' \
    "$sample/config.json" >"$md/config.json"
  chown 10001:10001 "$md/config.json"
  configure "$name" provision
  rc=0
  timeout 120 runc --root "$work/runc" run --bundle "$work/bundles/$name" "$id" </dev/null >"$out" 2>"$err" &
  runc_pid=$!
  for _ in $(seq 1 300); do
    if grep -q "slow-task: tool started" "$out"; then
      for pid in $(runc --root "$work/runc" ps --format json "$id" | jq -r '.[]'); do
        if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q noop-stubborn-child; then stubborn=$pid; fi
      done
      [[ -n "$stubborn" ]] && break
    fi
    kill -0 "$runc_pid" 2>/dev/null || break
    sleep 0.1
  done
  [[ -n "$stubborn" ]] || fail "$name: the stubborn child did not start for the SIGTERM check: $(tail -5 "$err")"
  t0=$EPOCHREALTIME
  runc --root "$work/runc" kill "$id" TERM
  wait "$runc_pid" || rc=$?
  took=$(((${EPOCHREALTIME/./} - ${t0/./}) / 1000))
  ((rc == 143)) || fail "$name: SIGTERM with a stubborn child: exit code $rc, expected 143; stderr: $(tail -5 "$err")"
  grep -q "cleanup: the noop provisioner has nothing to undo" "$out" \
    || fail "$name: SIGTERM with a stubborn child: the cleanup did not run; see $out"
  grep -qE "SIGTERM: [0-9]+ process\(es\) still ran at the end of the grace period: sent SIGKILL" "$err" \
    || fail "$name: the SDK did not stop the stubborn child itself; see $err"
  state=$({ sed 's/.*) //' "/proc/$stubborn/stat" 2>/dev/null || true; } | cut -c1)
  [[ -z "$state" || "$state" == Z ]] || fail "$name: the stubborn child $stubborn survived (state $state)"
  ((took <= grace_ms + 1000)) || fail "$name: exit took $took ms after SIGTERM, more than the grace period (2 s) plus a second"
  populate "$name" "$sample"
  log "$name: SIGTERM with a double-forked child that ignores it: exit 143 in $took ms (grace 2 s), cleanup ran, the SDK killed the child, nothing left"
}

# The class-data archive that scripts/image-cds.sh added is used (the SDK's classes come from it),
# PROVISIONER_CDS=false turns it off, and a broken archive (JDK 25: truncated; JDK 17: stale) is
# ignored: the run works and stdout stays the provisioner's.
# Usage: expect_archive NAME SAMPLE_DIR
expect_archive() {
  local name=$1 rootfs=$work/bundles/$1/rootfs archive= candidate
  for candidate in "$rootfs"/app/cds/app.aot "$rootfs"/app/cds/app.jsa; do
    if [[ -f "$candidate" ]]; then archive=$candidate; fi
  done
  [[ -n "$archive" ]] || fail "$name: no /app/cds/app.aot or app.jsa in the image"
  local shared='dev.provisionersdk.internal.Execution source: shared objects file'
  java_opts=-Xlog:class+load=info:stderr
  run_container "$name" plan
  ((rc == 0)) || fail "$name: plan with the archive failed ($rc): $(tail -5 "$err")"
  grep -q "$shared" "$err" || fail "$name: the SDK's classes were not loaded from ${archive#"$rootfs"}"
  extra_env=(PROVISIONER_CDS=false)
  run_container "$name" plan
  extra_env=()
  ((rc == 0)) || fail "$name: plan with PROVISIONER_CDS=false failed ($rc)"
  grep -q "$shared" "$err" && fail "$name: PROVISIONER_CDS=false still loaded the SDK from the archive"
  java_opts=
  log "$name: the SDK's classes come from ${archive#"$rootfs"}; PROVISIONER_CDS=false skips it"
  # Stale (AppCDS): the app jar was rebuilt after the training run (new size and time), which
  # JDK 17's AppCDS detects. JDK 25's AOT cache does not check the jars' contents (docs/startup.md).
  if [[ "$archive" == *.jsa ]]; then
    local jar
    jar=$(find "$rootfs/app/classpath" -name '*.jar' | head -1)
    cp -p "$jar" "$work/app-jar.bak"
    mkdir -p "$work/stale" && echo rebuilt >"$work/stale/rebuilt.txt"
    "$jdk/bin/jar" --update --file "$jar" -C "$work/stale" rebuilt.txt
    java_opts=-Xlog:class+load=info:stderr
    populate "$name" "$2"
    run_container "$name" plan
    java_opts=
    cp -p "$work/app-jar.bak" "$jar"
    expect_clean_run_without_archive "$name" "$shared" "a stale archive"
  fi
  # Truncated (AOT cache): refused by JDK 25; JDK 17's AppCDS crashes on a truncated file (a JVM
  # bug, stdout included), so that case is left to the default base's JDK.
  if [[ "$archive" == *.aot ]]; then
    cp "$archive" "$work/archive.bak"
    head -c 65536 "$work/archive.bak" >"$archive"
    java_opts=-Xlog:class+load=info:stderr
    populate "$name" "$2"
    run_container "$name" plan
    java_opts=
    cp "$work/archive.bak" "$archive"
    expect_clean_run_without_archive "$name" "$shared" "a truncated archive"
  fi
}

# Usage: expect_clean_run_without_archive NAME SHARED_LINE WHAT (after run_container)
expect_clean_run_without_archive() {
  local name=$1 shared=$2 what=$3
  ((rc == 0)) || fail "$name: $what broke the run ($rc): $(tail -5 "$err")"
  grep -q "$shared" "$err" && fail "$name: $what was used"
  grep -q '^Planning ' "$out" || fail "$name: $what changed stdout: $(head -3 "$out")"
  grep -qiE 'aot|cds|shar|jar file' "$out" && fail "$name: $what printed to stdout: $(grep -iE 'aot|cds|shar|jar file' "$out")"
  log "$name: $what is ignored, stdout stays clean"
}

# The adversarial masking suite through the image's own entrypoint.sh and JVM: the noop image's
# class path and main class are pointed at adversarial/target/adversarial-provisioner.jar (its
# LeakyProvisioner prints its secrets every way it can; see adversarial/), each scenario runs as
# the platform runs a provisioner, and LeakCheck (the test kit's independent check, on the host's
# JVM) must find no leak. Scenarios that only the masking of file descriptors covers are skipped
# when the image's JVM is older than 22.
# Usage: expect_masking NAME
expect_masking() {
  local name=$1 rootfs=$work/bundles/$1/rootfs jar=$root/adversarial/target/adversarial-provisioner.jar
  local sample=$root/adversarial/sample scenario expected feature checker
  [[ -f "$jar" ]] || fail "$jar is missing: run ./mvnw verify (or -pl adversarial -am package) first"
  feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rootfs/opt/java/release")
  mkdir -p "$rootfs/app/adversarial"
  cp -r "$jar" "$root/adversarial/target/lib" "$rootfs/app/adversarial/"
  cp "$rootfs/app/jib-classpath-file" "$work/classpath.bak"
  cp "$rootfs/app/jib-main-class-file" "$work/main-class.bak"
  echo "/app/adversarial/adversarial-provisioner.jar:/app/adversarial/lib/*" >"$rootfs/app/jib-classpath-file"
  echo "dev.provisionersdk.adversarial.LeakyProvisioner" >"$rootfs/app/jib-main-class-file"
  checker=("$jdk/bin/java" -cp "$jar:$root/adversarial/target/lib/*" dev.provisionersdk.adversarial.LeakCheck)
  for scenario in stdout file-descriptor inherit-io jul-static after-return exit-in-handler uncaught \
    command-failed tool sigterm two-runs shutdown-hook; do
    if ((feature < 22)) && [[ $scenario == file-descriptor || $scenario == inherit-io ]]; then
      continue
    fi
    populate "$name" "$sample"
    extra_env=(PROVISIONER_CDS=false "LEAK_SCENARIO=$scenario")
    ((feature < 22)) && extra_env+=(LEAK_JAVA_ONLY=1)
    if [[ $scenario == sigterm ]]; then
      configure "$name" provision
      rc=0
      timeout 120 runc --root "$work/runc" run --bundle "$work/bundles/$name" "$id" </dev/null >"$out" 2>"$err" &
      local runc_pid=$!
      for _ in $(seq 1 600); do
        grep -q "ready for SIGTERM" "$out" && break
        kill -0 "$runc_pid" 2>/dev/null || break
        sleep 0.1
      done
      runc --root "$work/runc" kill "$id" TERM 2>/dev/null || true
      wait "$runc_pid" || rc=$?
    else
      run_container "$name" provision
    fi
    extra_env=()
    case $scenario in
      exit-in-handler) expected=3 ;; uncaught) expected=1 ;; command-failed) expected=7 ;; sigterm) expected=143 ;; *) expected=0 ;;
    esac
    ((rc == expected)) || fail "$name masking $scenario: exit code $rc, expected $expected: $(tail -3 "$err")"
    # Each scenario prints masked secrets (the shutdown hook's may be dropped: it races the final
    # flush, which then drops what comes after; the scenario's own line must be there).
    grep -qE '\*\*\*|the hook prints at exit' "$out" "$err" \
      || fail "$name masking $scenario: printed nothing masked; see $out and $err"
    "${checker[@]}" "$sample/secrets.json" "$out" "$err" "$token" >"$work/leak-check.log" 2>&1 \
      || fail_log "$work/leak-check.log" "$name masking $scenario: a secret leaked; see $out and $err"
  done
  cp "$work/classpath.bak" "$rootfs/app/jib-classpath-file"
  cp "$work/main-class.bak" "$rootfs/app/jib-main-class-file"
  rm -rf "$rootfs/app/adversarial"
  log "$name: the adversarial masking suite through entrypoint.sh (JDK $feature) leaks nothing"
}

# --- main ---------------------------------------------------------------------------------------
[[ $(id -u) == 0 ]] || fail "needs root for runc and umoci (CI runs as root); run it as root, or skip it with SKIP_IMAGE_E2E=1 scripts/test-all.sh"
rm -rf "$work"
mkdir -p "$work" "$work/xdg/config" "$work/xdg/cache"
ensure_packages docker-registry skopeo umoci runc busybox-static jq
export XDG_CONFIG_HOME=$work/xdg/config XDG_CACHE_HOME=$work/xdg/cache
sed "s#@localRepositoryUrl@#file://$main_repo#" archetype/src/it/settings.xml >"$work/settings.xml"

if [[ ! -f "$it_repo/dev/provisionersdk/provisioner-archetype/$version/provisioner-archetype-$version.jar" ]]; then
  log "installing the SDK and the archetype into $it_repo"
  ./mvnw -B -ntp -q -pl archetype -am verify -DskipTests -Darchetype.test.skip=true -Dspotless.check.skip=true
fi

start_registry
log "registry on $registry"

jdk=$(pick_jdk)
log "base image: jlink from $jdk"
bash scripts/e2e/jre-base-image.sh "$jdk" "$work/base" "$work/oci/jre" jre >"$work/base.log" 2>&1 \
  || fail_log "$work/base.log" "building the base image failed"
skopeo copy -q --dest-tls-verify=false --format v2s2 "oci:$work/oci/jre:jre" "docker://$registry/provisioner-jre:e2e"
base=$registry/provisioner-jre@$(skopeo inspect --tls-verify=false "docker://$registry/provisioner-jre:e2e" | jq -r .Digest)
log "base image pinned by digest: $base"

log "archetype:generate hello-provisioner"
mkdir -p "$work/generated"
archetype_plugin=$(sed -n "s:.*<archetype.version>\(.*\)</archetype.version>.*:\1:p" pom.xml)
archetype_args=(org.apache.maven.plugins:maven-archetype-plugin:$archetype_plugin:generate
  -DarchetypeGroupId=dev.provisionersdk -DarchetypeArtifactId=provisioner-archetype
  -DarchetypeVersion="$version" -DgroupId=com.example -Dpackage=com.example.hello)
(cd "$work/generated" && mvn_local "${archetype_args[@]}" -DartifactId=hello-provisioner) >"$work/generate.log" 2>&1 \
  || fail_log "$work/generate.log" "archetype:generate failed"
if (cd "$work/generated" && mvn_local "${archetype_args[@]}" -DartifactId=bad -DprovisionerName=Bad_Name) \
  >"$work/generate-bad.log" 2>&1; then
  fail "archetype:generate accepted provisionerName=Bad_Name"
fi
grep -q "provisionerName 'Bad_Name' is not a valid image name" "$work/generate-bad.log" \
  || fail_log "$work/generate-bad.log" "archetype:generate rejected a bad name without saying why"
[[ ! -e "$work/generated/bad" ]] || fail "archetype:generate left a half-generated project behind"
log "archetype:generate rejects provisionerName=Bad_Name with a clear message"

hello=$work/generated/hello-provisioner
build_image "$hello" hello-provisioner
build_image "$root/examples/noop" noop-provisioner

unpack_image hello-provisioner
populate hello-provisioner "$hello/sample"
expect_unprivileged hello-provisioner
expect_run hello-provisioner plan 0 "$hello/sample/secrets.json" \
  "Plan for demo-prod-app-x1y2: 2 replica(s) of size small in step src" "plan step=src"
expect_run hello-provisioner provision 0 "$hello/sample/secrets.json" \
  "Provisioned demo-prod-app-x1y2: wrote /massdriver/bundle/src/provisioned.json"
state=$work/bundles/hello-provisioner/rootfs/massdriver/bundle/src/provisioned.json
[[ $(stat -c '%u:%g' "$state") == 10001:10001 ]] || fail "hello-provisioner provision: state file not written by 10001"
expect_run hello-provisioner decommission 0 "$hello/sample/secrets.json" \
  "Decommissioned demo-prod-app-x1y2: removed /massdriver/bundle/src/provisioned.json"
expect_run hello-provisioner apply 2 "$hello/sample/secrets.json" "plan, provision, decommission"

log "image-cds: training run of noop-provisioner"
CDS_WORK=$work/image-cds bash scripts/image-cds.sh "$registry/noop-provisioner:e2e" examples/noop/sample plan \
  >"$work/image-cds.log" 2>&1 || fail_log "$work/image-cds.log" "scripts/image-cds.sh failed"
unpack_image noop-provisioner
populate noop-provisioner "$root/examples/noop/sample"
expect_unprivileged noop-provisioner
expect_archive noop-provisioner "$root/examples/noop/sample"
for action in plan provision decommission; do
  verb=$(sed 's/plan/Planning/; s/provision/Provisioning/; s/decommission/Decommissioning/' <<<"$action")
  expect_run noop-provisioner "$action" 0 "$root/examples/noop/sample/secrets.json" \
    "$verb ecomm-prod-api-abc1 in step src" "\"database_password\": \"***\"" "$action step=src"
done
expect_run noop-provisioner apply 2 "$root/examples/noop/sample/secrets.json" "plan, provision, decommission"
expect_sigterm_stops_every_process noop-provisioner "$root/examples/noop/sample"
expect_masking noop-provisioner

log "PASS: images of hello-provisioner and noop-provisioner built, pushed, pulled and run; wall time $((SECONDS - started)) s"
