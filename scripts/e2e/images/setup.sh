# shellcheck shell=bash
# What the image checks build on: a project-local Maven repository holding this checkout's SDK and
# archetype, and the offline JRE base image in the registry, pinned by digest.
# Sourced by scripts/e2e-images.sh, after scripts/e2e/lib.sh.

# Set once by scripts/e2e-images.sh before sourcing, read only (the line stops a run without them):
: "${root:?}" "${work:?}" "${it_repo:?}" "${version:?}"

# Maven against the project-local repository $it_repo, with $work/settings.xml (written by
# prepare_maven_repository: the main build's repository serves as a remote).
# Usage: mvn_local MAVEN_ARGS...
mvn_local() {
  "$root/mvnw" -B -ntp -q -s "$work/settings.xml" -Dmaven.repo.local="$it_repo" "$@"
}

# Writes $work/settings.xml and, when `./mvnw verify` has not left them in $it_repo, installs the
# SDK and the archetype there (the shared ~/.m2 gets no SNAPSHOT).
# Usage: prepare_maven_repository MAIN_REPO
prepare_maven_repository() {
  local main_repo=$1
  sed "s#@localRepositoryUrl@#file://$main_repo#" "$root/archetype/src/it/settings.xml" >"$work/settings.xml"
  if [[ ! -f "$it_repo/dev/provisionersdk/provisioner-archetype/$version/provisioner-archetype-$version.jar" ]]; then
    log "installing the SDK and the archetype into $it_repo"
    "$root/mvnw" -B -ntp -q -f "$root/pom.xml" -pl archetype -am verify \
      -DskipTests -Darchetype.test.skip=true -Dspotless.check.skip=true
  fi
}

# Builds the JRE base image offline for linux/amd64 (scripts/e2e/jre-base-image.sh: jlink from
# JDK_HOME) and for linux/arm64 (Debian's OpenJDK 17 for arm64, scripts/e2e/arm64-tree.sh, linked
# by the host's JDK 17: no arm64 Temurin is reachable here), pushes both to the registry at HOST
# (host:port) with an image index over them, as a multi-platform base is published, and prints
# the index's reference pinned by digest (which pins each platform's image).
# Usage: base=$(push_base_image JDK_HOME HOST)
push_base_image() {
  local jdk_home=$1 host=$2 jdk17=${E2E_ARM64_JLINK_JDK:-/usr/lib/jvm/java-17-openjdk-amd64} index
  log "base image: linux/amd64 jlink from $jdk_home"
  bash "$root/scripts/e2e/jre-base-image.sh" "$jdk_home" "$work/base" "$work/oci/jre" jre >"$work/base.log" 2>&1 \
    || fail_log "$work/base.log" "building the base image failed"
  skopeo copy -q --dest-tls-verify=false --format v2s2 "oci:$work/oci/jre:jre" "docker://$host/provisioner-jre:e2e-amd64"
  log "base image: linux/arm64 from Debian's arm64 packages, jlink from $jdk17"
  [[ -x $jdk17/bin/jlink ]] || fail "no JDK 17 at $jdk17 to link the arm64 jmods with: set E2E_ARM64_JLINK_JDK"
  bash "$root/scripts/e2e/arm64-tree.sh" "$work/arm64-tree" "$work/arm64-apt" >"$work/base-arm64.log" 2>&1 \
    || fail_log "$work/base-arm64.log" "fetching Debian's arm64 packages failed"
  ARM64_TREE=$work/arm64-tree bash "$root/scripts/e2e/jre-base-image.sh" "$jdk17" "$work/base-arm64" "$work/oci/jre-arm64" jre \
    >>"$work/base-arm64.log" 2>&1 || fail_log "$work/base-arm64.log" "building the arm64 base image failed"
  skopeo copy -q --dest-tls-verify=false --format v2s2 "oci:$work/oci/jre-arm64:jre" "docker://$host/provisioner-jre:e2e-arm64"
  # The index (a Docker manifest list, as skopeo pushed Docker manifests): each entry names a
  # manifest by its digest and size.
  index=$(for arch in amd64 arm64; do
    skopeo inspect --tls-verify=false --raw "docker://$host/provisioner-jre:e2e-$arch" >"$work/base-$arch.manifest"
    jq -n --arg arch "$arch" --arg digest "sha256:$(sha256sum <"$work/base-$arch.manifest" | cut -d' ' -f1)" \
      --argjson size "$(stat -c %s "$work/base-$arch.manifest")" \
      '{mediaType: "application/vnd.docker.distribution.manifest.v2+json", size: $size, digest: $digest,
        platform: {architecture: $arch, os: "linux"}}'
  done | jq -cs '{schemaVersion: 2, mediaType: "application/vnd.docker.distribution.manifest.list.v2+json", manifests: .}')
  curl -fsS -X PUT -H 'Content-Type: application/vnd.docker.distribution.manifest.list.v2+json' \
    --data-binary "$index" "http://$host/v2/provisioner-jre/manifests/e2e" >/dev/null \
    || fail "pushing the base image's index to $host failed"
  echo "$host/provisioner-jre@sha256:$(printf '%s' "$index" | sha256sum | cut -d' ' -f1)"
}
