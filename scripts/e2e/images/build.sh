# shellcheck shell=bash
# The images are built as a user builds them and are what the platform needs: a project generated
# from the archetype, Jib builds that are reproducible, and the image config and files the
# platform's way of running relies on. Sourced by scripts/e2e-images.sh, after setup.sh.

# Set once by scripts/e2e-images.sh before sourcing, read only (the line stops a run without them):
: "${root:?}" "${work:?}" "${version:?}" "${registry:?}"

# Runs archetype:generate of this checkout's archetype in DIR (package com.example.hello).
# Usage: archetype_generate DIR -DartifactId=... [MORE_ARGS...]
archetype_generate() {
  local dir=$1 plugin
  shift
  plugin=$(sed -n "s:.*<archetype.version>\(.*\)</archetype.version>.*:\1:p" "$root/pom.xml")
  (cd "$dir" && mvn_local "org.apache.maven.plugins:maven-archetype-plugin:$plugin:generate" \
    -DarchetypeGroupId=dev.provisionersdk -DarchetypeArtifactId=provisioner-archetype \
    -DarchetypeVersion="$version" -DgroupId=com.example -Dpackage=com.example.hello "$@")
}

# Generates hello-provisioner with archetype:generate into DIR, as the README's generate command does.
# Usage: generate_project DIR
generate_project() {
  local dir=$1
  log "archetype:generate hello-provisioner"
  mkdir -p "$dir"
  archetype_generate "$dir" -DartifactId=hello-provisioner >"$work/generate.log" 2>&1 \
    || fail_log "$work/generate.log" "archetype:generate failed"
}

# Proves: archetype:generate refuses a provisionerName that is not a valid image name, says why,
# and leaves no half-generated project behind. Usage: expect_bad_name_refused DIR
expect_bad_name_refused() {
  local dir=$1
  if archetype_generate "$dir" -DartifactId=bad -DprovisionerName=Bad_Name >"$work/generate-bad.log" 2>&1; then
    fail "archetype:generate accepted provisionerName=Bad_Name"
  fi
  grep -q "provisionerName 'Bad_Name' is not a valid image name" "$work/generate-bad.log" \
    || fail_log "$work/generate-bad.log" "archetype:generate rejected a bad name without saying why"
  [[ ! -e "$dir/bad" ]] || fail "archetype:generate left a half-generated project behind"
  log "archetype:generate rejects provisionerName=Bad_Name with a clear message"
}

# Builds the project in POM_DIR from clean with jib:build on the base image FROM, pushes it as
# IMAGE and prints its digest; Maven's output goes to LOG.
# Usage: digest=$(jib_build POM_DIR FROM IMAGE LOG)
jib_build() {
  local dir=$1 from=$2 image=$3 log=$4
  mvn_local -f "$dir/pom.xml" clean package jib:build -DskipTests -Dspotless.check.skip=true \
    -Djib.disableUpdateChecks=true -Djib.allowInsecureRegistries=true -Djib.console=plain \
    -Djib.from.image="$from" -Dimage="$image" >"$log" 2>&1 || fail_log "$log" "jib:build of $image failed"
  cat "$dir/target/jib-image.digest"
}

# Proves: jib:build of the project in POM_DIR on the base image FROM works, and two builds from
# clean of the same inputs give the same digest (reproducible images). Leaves $registry/NAME:e2e.
# Usage: expect_reproducible_build POM_DIR NAME FROM
expect_reproducible_build() {
  local dir=$1 name=$2 from=$3 first second
  log "jib:build $name (1/2)"
  first=$(jib_build "$dir" "$from" "$registry/$name:e2e" "$work/$name-build1.log")
  log "jib:build $name (2/2, for the reproducibility check)"
  second=$(jib_build "$dir" "$from" "$registry/$name:e2e-again" "$work/$name-build2.log")
  [[ "$first" == "$second" ]] || fail "$name: two builds of the same inputs gave $first and $second"
  log "$name: reproducible digest $first"
}

# Proves: the image in the registry runs as 10001:10001 in /massdriver with entrypoint.sh as its
# entrypoint, and its creation time is fixed (part of reproducibility).
# Usage: expect_image_config NAME
expect_image_config() {
  local name=$1 config
  config=$(skopeo inspect --tls-verify=false --config "docker://$registry/$name:e2e")
  [[ $(jq -r '.config.User' <<<"$config") == "10001:10001" ]] || fail "$name: image user is not 10001:10001: $config"
  [[ $(jq -r '.config.WorkingDir' <<<"$config") == "/massdriver" ]] || fail "$name: working directory is not /massdriver"
  [[ $(jq -c '.config.Entrypoint' <<<"$config") == '["/usr/local/bin/entrypoint.sh"]' ]] \
    || fail "$name: entrypoint is not /usr/local/bin/entrypoint.sh"
  [[ $(jq -r '.created' <<<"$config") == 1970-01-01T00:00:00Z ]] || fail "$name: creation time is not fixed"
}

# Pulls $registry/NAME:e2e and unpacks it as the runc bundle BUNDLE.
# Usage: unpack_image NAME BUNDLE
unpack_image() {
  unpack_bundle "$registry/$1:e2e" "$work/oci/$1" "$2"
}

# Proves: the unpacked image has a world-writable /massdriver, an executable entrypoint.sh that
# execs java, Jib's class-path and main-class files, and a runtime config that runs as 10001 in
# /massdriver. Usage: expect_image_files BUNDLE
expect_image_files() {
  local bundle=$1 name=${1##*/}
  [[ $(stat -c '%a' "$bundle/rootfs/massdriver") == 777 ]] || fail "$name: /massdriver is not mode 777"
  [[ $(stat -c '%a' "$bundle/rootfs/usr/local/bin/entrypoint.sh") == 755 ]] || fail "$name: entrypoint.sh is not mode 755"
  grep -q '^exec java ' "$bundle/rootfs/usr/local/bin/entrypoint.sh" || fail "$name: entrypoint.sh does not exec java"
  [[ -s "$bundle/rootfs/app/jib-classpath-file" && -s "$bundle/rootfs/app/jib-main-class-file" ]] \
    || fail "$name: Jib's classpath and main-class files are missing"
  jq -e '.process.user.uid == 10001 and .process.user.gid == 10001 and .process.cwd == "/massdriver"' \
    "$bundle/config.json" >/dev/null || fail "$name: runtime config does not run as 10001 in /massdriver"
}
