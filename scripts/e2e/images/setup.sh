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

# Builds the JRE base image offline (scripts/e2e/jre-base-image.sh: jlink from JDK_HOME), pushes
# it to the registry at HOST (host:port) and prints its reference pinned by digest.
# Usage: base=$(push_base_image JDK_HOME HOST)
push_base_image() {
  local jdk_home=$1 host=$2 digest
  log "base image: jlink from $jdk_home"
  bash "$root/scripts/e2e/jre-base-image.sh" "$jdk_home" "$work/base" "$work/oci/jre" jre >"$work/base.log" 2>&1 \
    || fail_log "$work/base.log" "building the base image failed"
  skopeo copy -q --dest-tls-verify=false --format v2s2 "oci:$work/oci/jre:jre" "docker://$host/provisioner-jre:e2e"
  digest=$(skopeo inspect --tls-verify=false "docker://$host/provisioner-jre:e2e" | jq -r .Digest)
  echo "$host/provisioner-jre@$digest"
}
