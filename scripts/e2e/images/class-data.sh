# shellcheck shell=bash
# The class-data archive that scripts/image-cds.sh adds to an image (docs/startup.md): the JVM uses
# it, PROVISIONER_CDS=false turns it off, and a broken one is ignored without a trace on stdout.
# Sourced by scripts/e2e-images.sh, after scripts/e2e/container.sh.

# Set once by scripts/e2e-images.sh before sourcing, read only (the line stops a run without them):
: "${root:?}" "${work:?}" "${registry:?}" "${jdk:?}"

# What -Xlog:class+load prints for an SDK class loaded from the archive.
readonly shared_sdk_class='dev.provisionersdk.internal.Execution source: shared objects file'

# Proves scripts/image-cds.sh refuses the image index $registry/NAME:e2e, saying why; then adds a
# class-data archive (a training run of ACTION on SAMPLE_DIR) to the index's amd64 image, given by
# digest, and pushes the result as $registry/NAME:e2e (one platform from then on).
# Usage: add_class_data_archive NAME SAMPLE_DIR ACTION
add_class_data_archive() {
  local name=$1 sample=$2 action=$3 amd64
  log "image-cds: training run of $name"
  # The registry on loopback has no TLS: the tests opt out of verification, users do not.
  if CDS_TLS_VERIFY=false CDS_WORK=$work/image-cds bash "$root/scripts/image-cds.sh" "$registry/$name:e2e" "$sample" \
    "$action" >"$work/image-cds-index.log" 2>&1; then
    fail "scripts/image-cds.sh accepted an image index; it trains one platform's image"
  fi
  grep -q 'is an image index' "$work/image-cds-index.log" || fail_log "$work/image-cds-index.log" "scripts/image-cds.sh refused an index without saying why"
  # The amd64 image of the index, by digest, with its archive, as NAME:e2e (one platform from now on).
  amd64=$(skopeo inspect --tls-verify=false --raw "docker://$registry/$name:e2e" \
    | jq -r '.manifests[] | select(.platform.architecture == "amd64") | .digest')
  CDS_TLS_VERIFY=false CDS_WORK=$work/image-cds bash "$root/scripts/image-cds.sh" "$registry/$name@$amd64" "$sample" \
    "$action" "$registry/$name:e2e" >"$work/image-cds.log" 2>&1 || fail_log "$work/image-cds.log" "scripts/image-cds.sh failed"
}

# Prints the archive in BUNDLE's image (/app/cds/app.aot on JDK 25+, app.jsa on JDK 17-24), or
# fails. Usage: archive=$(archive_in BUNDLE)
archive_in() {
  local bundle=$1 archive='' candidate
  for candidate in "$bundle"/rootfs/app/cds/app.aot "$bundle"/rootfs/app/cds/app.jsa; do
    if [[ -f "$candidate" ]]; then archive=$candidate; fi
  done
  [[ -n "$archive" ]] || fail "${bundle##*/}: no /app/cds/app.aot or app.jsa in the image"
  echo "$archive"
}

# Proves: the image has an archive, the SDK's classes are loaded from it, and PROVISIONER_CDS=false
# turns it off. Usage: expect_archive_used BUNDLE
expect_archive_used() {
  local bundle=$1 name=${1##*/} run=$work/runs/${1##*/}-archive archive rc
  archive=$(archive_in "$bundle")
  rc=$(container_run "$bundle" "$run" plan JAVA_OPTS=-Xlog:class+load=info:stderr)
  ((rc == 0)) || fail "$name: plan with the archive failed ($rc): $(tail -5 "$run/err")"
  grep -q "$shared_sdk_class" "$run/err" || fail "$name: the SDK's classes were not loaded from ${archive#"$bundle/rootfs"}"
  rc=$(container_run "$bundle" "$run-off" plan PROVISIONER_CDS=false JAVA_OPTS=-Xlog:class+load=info:stderr)
  ((rc == 0)) || fail "$name: plan with PROVISIONER_CDS=false failed ($rc)"
  grep -q "$shared_sdk_class" "$run-off/err" && fail "$name: PROVISIONER_CDS=false still loaded the SDK from the archive"
  log "$name: the SDK's classes come from ${archive#"$bundle/rootfs"}; PROVISIONER_CDS=false skips it"
}

# Proves: the archive trained on this host serves a node with fewer CPU features: the JVM limited
# to SSE2 (no AVX of any kind, where this host may have AVX-512) maps it and runs the same plan.
# Usage: expect_archive_portable_across_cpus BUNDLE SAMPLE_DIR
expect_archive_portable_across_cpus() {
  local bundle=$1 sample=$2 name=${1##*/} run=$work/runs/${1##*/}-archive-sse2 rc
  [[ $(uname -m) == x86_64 ]] || { log "$name: CPU-feature check skipped: x86-64 only"; return 0; }
  populate_inputs "$bundle" "$sample"
  rc=$(container_run "$bundle" "$run" plan "JAVA_OPTS=-XX:UseAVX=0 -XX:UseSSE=2 -Xlog:class+load=info:stderr")
  ((rc == 0)) || fail "$name: plan on SSE2 only with the archive failed ($rc): $(tail -5 "$run/err")"
  grep -q "$shared_sdk_class" "$run/err" || fail "$name: the archive was not used on SSE2 only"
  grep -q '^Planning ' "$run/out" || fail "$name: plan on SSE2 only printed something else: $(head -3 "$run/out")"
  log "$name: the archive trained here runs with the CPU limited to SSE2 (no AVX)"
}

# Proves: a broken archive is ignored: the run works, the SDK's classes do not come from it, and
# stdout stays the provisioner's. Broken means stale for JDK 17's AppCDS (the app jar rebuilt after
# the training run, new size and time, which AppCDS detects; JDK 25's AOT cache does not check the
# jars' contents, docs/startup.md) and truncated for JDK 25's AOT cache (JDK 17's AppCDS crashes on
# a truncated file, a JVM bug, stdout included, so that case is left to the default base's JDK).
# The archive is restored afterwards. Usage: expect_broken_archive_ignored BUNDLE SAMPLE_DIR
expect_broken_archive_ignored() {
  local bundle=$1 sample=$2 run=$work/runs/${1##*/}-broken-archive archive jar what rc
  archive=$(archive_in "$bundle")
  if [[ "$archive" == *.jsa ]]; then
    what="a stale archive"
    jar=$(find "$bundle/rootfs/app/classpath" -name '*.jar' | head -1)
    cp -p "$jar" "$work/app-jar.bak"
    mkdir -p "$work/stale" && echo rebuilt >"$work/stale/rebuilt.txt"
    "$jdk/bin/jar" --update --file "$jar" -C "$work/stale" rebuilt.txt
    populate_inputs "$bundle" "$sample"
    rc=$(container_run "$bundle" "$run" plan JAVA_OPTS=-Xlog:class+load=info:stderr)
    cp -p "$work/app-jar.bak" "$jar"
  else
    what="a truncated archive"
    cp "$archive" "$work/archive.bak"
    head -c 65536 "$work/archive.bak" >"$archive"
    populate_inputs "$bundle" "$sample"
    rc=$(container_run "$bundle" "$run" plan JAVA_OPTS=-Xlog:class+load=info:stderr)
    cp "$work/archive.bak" "$archive"
  fi
  expect_clean_run_without_archive "$bundle" "$run" "$rc" "$what"
}

# The checks of expect_broken_archive_ignored on one finished run.
# Usage: expect_clean_run_without_archive BUNDLE RUN EXIT_CODE WHAT
expect_clean_run_without_archive() {
  local name=${1##*/} run=$2 rc=$3 what=$4
  ((rc == 0)) || fail "$name: $what broke the run ($rc): $(tail -5 "$run/err")"
  grep -q "$shared_sdk_class" "$run/err" && fail "$name: $what was used"
  grep -q '^Planning ' "$run/out" || fail "$name: $what changed stdout: $(head -3 "$run/out")"
  grep -qiE 'aot|cds|shar|jar file' "$run/out" && fail "$name: $what printed to stdout: $(grep -iE 'aot|cds|shar|jar file' "$run/out")"
  log "$name: $what is ignored, stdout stays clean"
}
