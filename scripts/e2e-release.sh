#!/usr/bin/env bash
# Release end-to-end test (docs/releasing.md), offline but for Maven Central's public artifacts.
# Run by scripts/test-all.sh after `./mvnw verify`; SKIP_RELEASE_E2E=1 there leaves it out. Every
# build works on a copy of the sources under target/e2e-release/ and writes to a local repository
# there, reading ~/.m2 as a read-only tail: nothing lands in ~/.m2.
#
#  1. File repository: `mvn deploy` of the SNAPSHOT to target/e2e-release/repo gives exactly the
#     expected files of each published module (POM, jars, maven-metadata.xml, checksums) and none
#     of the examples or benchmarks; the API check says that there is nothing to compare with.
#  2. Reproducibility: a second copy built from clean in another directory gives the same jars.
#  3. Signing: a throwaway OpenPGP key (GNUPGHOME under target/), the release profile on the release
#     version with -DskipUpload=true: the Central bundle holds exactly each module's files with
#     .asc and checksums, every signature verifies, every POM has Central's metadata.
#  4. The newcomer path (issue 18 included): an empty local repository, only the file repository
#     plus the public artifacts: the README's archetype:generate, the same through the catalog
#     (-DarchetypeCatalog=remote), `mvn verify`, the jar's Class-Path against target/lib, and the
#     local run; the SDK arrives as a timestamped remote snapshot.
#  5. The API check with a baseline passes on the same API and fails on a removed public class.
#
# In the newcomer path the public artifacts (plugins, Jackson, JUnit: ~95 MB, ~15 s here) come from
# Maven Central, as for a real newcomer. E2E_RELEASE_MIRROR=1 serves them first from a read-only
# file mirror of the main build's repository (MAVEN_MAIN_REPO, default ~/.m2/repository) without
# its dev/provisionersdk directory, for a slow network. Either way the test proves that every
# dev.provisionersdk artifact came from the file repository.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
started=$SECONDS
script_name=e2e-release
work=$root/target/e2e-release
# shellcheck source=e2e/lib.sh
source "$root/scripts/e2e/lib.sh"
# shellcheck source=build-jdk.sh
source "$root/scripts/build-jdk.sh"

version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
archetype_plugin=$(sed -n 's:.*<archetype.version>\(.*\)</archetype.version>.*:\1:p' pom.xml)
main_repo=${MAVEN_MAIN_REPO:-$HOME/.m2/repository}
release=${version%-SNAPSHOT}
repo=$work/repo
# The builds write to a local repository of their own and read the main build's (~/.m2) as a
# read-only tail (Maven 3.9): nothing of this test lands in ~/.m2.
mvn_build=(-B -ntp -Dstyle.color=never -Dmaven.repo.local="$work/m2" -Dmaven.repo.local.tail="$main_repo")
# Nothing reaches the network on the way to Central, even if skipUpload were ignored.
no_upload=(-DskipUpload=true -DcentralBaseUrl=http://127.0.0.1:9 -DcentralSnapshotsUrl=http://127.0.0.1:9/)
skip_checks=(-DskipTests -Darchetype.test.skip=true -Dspotless.check.skip=true -Dmaven.install.skip=true)

# The published modules and what each publishes besides its POM.
declare -A module_dir=(
  [provisioner-sdk-parent]=.
  [provisioner-sdk-bom]=bom
  [provisioner-sdk]=sdk
  [provisioner-sdk-testing]=testing
  [provisioner-archetype]=archetype
)
declare -A published=(
  [provisioner-sdk-parent]=""
  [provisioner-sdk-bom]=""
  [provisioner-sdk]="jar -sources.jar -javadoc.jar"
  [provisioner-sdk-testing]="jar -sources.jar -javadoc.jar"
  [provisioner-archetype]="jar -sources.jar -javadoc.jar"
)
# Every other module of the build: the examples and the benchmarks. Read from the poms, so that a new
# module that is neither listed above nor excluded from the Central bundle fails this test.
mapfile -t never_published < <(
  for pom in examples/pom.xml examples/*/pom.xml benchmarks/pom.xml; do
    sed -n '/<parent>/,/<\/parent>/d; s:^  <artifactId>\(.*\)</artifactId>:\1:p' "$pom"
  done
)
for a in "${never_published[@]}"; do
  grep -q "<artifact>$a</artifact>" pom.xml \
    || fail "$a is not published: add it to the central-publishing-maven-plugin's excludeArtifacts in pom.xml"
done

rm -rf "$work"
mkdir -p "$work"
# The release profile builds the SDK's JNI library for x86-64 and AArch64 (sdk/src/main/native).
ensure_packages release native-cross


# Usage: expect_files DIR EXPECTED_LIST_FILE WHAT; compares the sorted file list of DIR, with
# snapshot timestamps replaced by TIMESTAMP.
expect_files() {
  local dir=$1 expected=$2 what=$3
  (cd "$dir" && find . -type f | sed 's:^\./::' \
    | sed -E "s/-${release//./\\.}-[0-9]{8}\.[0-9]{6}-[0-9]+/-$release-TIMESTAMP/" | LC_ALL=C sort) >"$expected.actual"
  LC_ALL=C sort -o "$expected" "$expected"
  diff -u "$expected" "$expected.actual" >"$expected.diff" \
    || fail "$what: not exactly the expected files (- missing, + unexpected):$(printf '\n'; cat "$expected.diff")"
  log "$what: exactly the expected $(wc -l <"$expected") files"
}

# Copies the sources (tracked and untracked files, as git sees them: no target/) to DIR, so that
# each build starts from clean without touching this tree. Usage: copy_sources DIR
copy_sources() {
  mkdir -p "$1"
  git ls-files -z --cached --others --exclude-standard \
    | tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$1"
}

# The project's version in every POM of the copy (not the archetype's template). Usage: set_version FROM TO
set_version() {
  (cd "$copy" && find . -name pom.xml -not -path '*/target/*' -not -path '*/archetype-resources/*' -print0 \
    | xargs -0 sed -i "s:<version>$1</version>:<version>$2</version>:")
  grep -q "<version>$2</version>" "$copy/sdk/pom.xml" || fail "could not set the version $2 in $copy"
}

# --- 1. the SNAPSHOT, deployed to a file repository (maven-deploy-plugin) ----------------------
copy=$work/copy
copy_sources "$copy"
log "mvn deploy $version to the file repository $repo (a copy of the sources, from clean)"
(cd "$copy" && ./mvnw "${mvn_build[@]}" clean deploy -DaltDeploymentRepository="dist::file://$repo" "${skip_checks[@]}") \
  >"$work/deploy.log" 2>&1 || fail_log "$work/deploy.log" "deploy to $repo failed"
: >"$work/expected-repo.txt"
for a in "${!published[@]}"; do
  {
    for f in "$a/maven-metadata.xml" "$a/$version/maven-metadata.xml" "$a/$version/$a-$release-TIMESTAMP.pom"; do
      printf '%s\n' "dev/provisionersdk/$f" "dev/provisionersdk/$f.md5" "dev/provisionersdk/$f.sha1"
    done
    for suffix in ${published[$a]}; do
      [[ $suffix == jar ]] && suffix=.jar
      f=dev/provisionersdk/$a/$version/$a-$release-TIMESTAMP$suffix
      printf '%s\n' "$f" "$f.md5" "$f.sha1"
    done
  } >>"$work/expected-repo.txt"
done
expect_files "$repo" "$work/expected-repo.txt" "file repository"
for a in "${never_published[@]}"; do
  grep -A1 -- "deploy (default-deploy) @ $a ---" "$work/deploy.log" | grep -q "Skipping artifact deployment" \
    || fail "$a: its deploy was not skipped"
done

# The API check says that it has nothing to compare with before the first release.
for a in provisioner-sdk provisioner-sdk-testing; do
  grep -q "API compatibility of $a: NOT CHECKED, there is no earlier release" "$work/deploy.log" \
    || fail "$a: the build does not say that the API compatibility was not checked"
done
log "the API compatibility check says that there is no earlier release to compare with"

# --- 2. reproducible: a copy of the sources, built from clean elsewhere, gives the same bytes ----
again=$work/copy-again
copy_sources "$again"
log "second build from clean, in another directory"
(cd "$again" && ./mvnw "${mvn_build[@]}" clean package "${skip_checks[@]}") >"$work/build-again.log" 2>&1 \
  || fail_log "$work/build-again.log" "the second build failed"
compared=0
for a in "${!published[@]}"; do
  module=$again/${module_dir[$a]}
  for suffix in ${published[$a]}; do
    [[ $suffix == jar ]] && suffix=.jar
    deployed=$(ls "$repo/dev/provisionersdk/$a/$version/$a-$release"-*"$suffix" | grep -E -- "-[0-9]+$suffix\$")
    cmp -s "$deployed" "$module/target/$a-$version$suffix" \
      || fail "not reproducible: $a-$version$suffix differs between two builds ($deployed, $module/target/)"
    compared=$((compared + 1))
  done
done
log "reproducible: $compared jars byte-for-byte equal across two builds in two directories"
# Proves: each class of JAR has its source in SOURCES_JAR. Usage: expect_sources WHAT JAR SOURCES_JAR
expect_sources() {
  local what=$1 classes sources missing
  # Listed first, so that a jar that cannot be read fails here instead of comparing two empty lists.
  classes=$(jar tf "$2") || fail "$what: cannot list $2"
  sources=$(jar tf "$3") || fail "$what: cannot list $3"
  grep -q '\.class$' <<<"$classes" || fail "$what: $2 holds no class"
  missing=$(comm -23 <(grep '\.class$' <<<"$classes" | grep -v '\$' | sed 's/\.class$/.java/' | sort) \
    <(grep '\.java$' <<<"$sources" | sort))
  [[ -z "$missing" ]] || fail "$what: classes without a source in the sources jar: $missing"
}
# Negative control: a jar with a class whose source is missing must fail the check.
mkdir -p "$work/control/classes/p" "$work/control/sources/p"
: >"$work/control/classes/p/Kept.class" && : >"$work/control/classes/p/Lost.class"
: >"$work/control/sources/p/Kept.java"
jar cf "$work/control/c.jar" -C "$work/control/classes" p && jar cf "$work/control/s.jar" -C "$work/control/sources" p
if (expect_sources control "$work/control/c.jar" "$work/control/s.jar") 2>"$work/control/out.txt"; then
  fail "negative control: the sources check passed a jar whose class p/Lost has no source"
fi
grep -q 'p/Lost.java' "$work/control/out.txt" || fail "negative control: the sources check failed without naming p/Lost.java"
for a in provisioner-sdk provisioner-sdk-testing; do
  jar_file=$again/${module_dir[$a]}/target/$a-$version
  expect_sources "$a" "$jar_file.jar" "$jar_file-sources.jar"
done
log "every class of the published jars has its source in the sources jar"

# --- 3. the release profile with the release version: signed bundle, nothing uploaded ----------
export GNUPGHOME=$work/gnupg
mkdir -m 700 "$GNUPGHOME"
# gpg starts an agent for this GNUPGHOME: stop it on exit, whatever happens.
trap 'gpgconf --kill gpg-agent 2>/dev/null || true; cleanup' EXIT
passphrase="e2e-$RANDOM-$RANDOM-$RANDOM"
gpg --batch --gen-key >"$work/gpg-gen.log" 2>&1 <<EOF || fail_log "$work/gpg-gen.log" "gpg --gen-key failed"
Key-Type: EDDSA
Key-Curve: ed25519
Key-Usage: sign
Name-Real: Provisioner SDK release test
Name-Email: release-test@provisionersdk.invalid
Expire-Date: 1d
Passphrase: $passphrase
%commit
EOF
key=$(gpg --batch --with-colons --list-secret-keys 2>/dev/null | awk -F: '$1 == "fpr" {print $10; exit}')
[[ -n "$key" ]] || fail "no key in $GNUPGHOME after gpg --gen-key"
log "throwaway signing key $key in $GNUPGHOME"

set_version "$version" "$release"
central=$work/central
log "mvn deploy -Prelease -DskipUpload=true of $release (signed, bundled, not uploaded)"
(cd "$copy" && MAVEN_GPG_PASSPHRASE=$passphrase ./mvnw "${mvn_build[@]}" clean deploy -Prelease \
  -DskipUpload=true -DcentralBaseUrl=http://127.0.0.1:9 -DcentralSnapshotsUrl=http://127.0.0.1:9/ \
  -DstagingDirectory="$central/staging" -DoutputDirectory="$central/output" -DdeferredDirectory="$central/deferred" \
  "${skip_checks[@]}") >"$work/release.log" 2>&1 || fail_log "$work/release.log" "the release build failed"
bundle=$central/output/central-bundle.zip
[[ -f "$bundle" ]] || fail_log "$work/release.log" "the release build wrote no $bundle"
mkdir -p "$central/bundle"
(cd "$central/bundle" && jar xf "$bundle")
: >"$work/expected-bundle.txt"
for a in "${!published[@]}"; do
  for suffix in .pom ${published[$a]}; do
    [[ $suffix == jar ]] && suffix=.jar
    f=dev/provisionersdk/$a/$release/$a-$release$suffix
    printf '%s\n' "$f" "$f.asc" "$f.md5" "$f.sha1" "$f.sha256" "$f.sha512" >>"$work/expected-bundle.txt"
  done
done
expect_files "$central/bundle" "$work/expected-bundle.txt" "Central bundle of $release"
signed=0
while IFS= read -r signature; do
  gpg --batch --verify "$signature" "${signature%.asc}" 2>"$work/gpg-verify.log" \
    || fail_log "$work/gpg-verify.log" "bad signature $signature"
  signed=$((signed + 1))
done < <(find "$central/bundle" -name '*.asc')
while IFS= read -r sum; do
  algorithm=${sum##*.}
  file=${sum%.*}
  [[ $(cut -d' ' -f1 "$sum") == $("${algorithm}sum" "$file" | cut -d' ' -f1) ]] || fail "wrong checksum $sum"
done < <(find "$central/bundle" -name '*.md5' -o -name '*.sha1' -o -name '*.sha256' -o -name '*.sha512')
log "Central bundle: $signed signatures verify with key $key; every checksum matches"

# The released SDK jar carries the JNI library for both architectures, each an ELF of its machine.
sdk_jar=$central/bundle/dev/provisionersdk/provisioner-sdk/$release/provisioner-sdk-$release.jar
mkdir -p "$work/sdk-jar"
(cd "$work/sdk-jar" && jar xf "$sdk_jar" dev/provisionersdk/internal/os)
for machine in "x86_64:x86-64" "aarch64:ARM aarch64"; do
  library=$work/sdk-jar/dev/provisionersdk/internal/os/linux-${machine%%:*}/libprovisionersdk-posix.so
  [[ -f $library ]] || fail "the released SDK jar has no linux-${machine%%:*} JNI library"
  file -b "$library" | grep -q "ELF 64-bit LSB shared object, ${machine#*:}" \
    || fail "linux-${machine%%:*}/libprovisionersdk-posix.so is not an ${machine#*:} shared object: $(file -b "$library")"
done
log "the released SDK jar carries the JNI library for linux-x86_64 and linux-aarch64"

# Every published POM has what Central requires, itself or through its parent (also published).
python3 - "$central/bundle" "$release" "$root/pom.xml" "$root/bom/pom.xml" <<'PY' || fail "POM metadata incomplete or the BOM differs from the root pom.xml (see above)"
import glob, sys, xml.etree.ElementTree as ET
bundle, release, root_pom, bom_pom = sys.argv[1:]
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
def load(path): return ET.parse(path).getroot()
def text(pom, path):
    node = pom.find(path, ns)
    return None if node is None else ET.tostring(node, encoding="unicode", method="xml") if len(node) else (node.text or "").strip()
poms = {p.split("/")[-3]: load(p) for p in glob.glob(f"{bundle}/dev/provisionersdk/*/{release}/*.pom")}
problems = []
for artifact, pom in sorted(poms.items()):
    for own in ("m:name", "m:description"):
        if not text(pom, own): problems.append(f"{artifact}: no <{own[2:]}>")
    for inherited in ("m:url", "m:licenses/m:license/m:name", "m:developers/m:developer/m:name", "m:scm/m:url", "m:scm/m:connection"):
        chain, found = pom, None
        while chain is not None and not found:
            found = text(chain, inherited)
            parent = chain.find("m:parent/m:artifactId", ns)
            chain = poms.get(parent.text) if parent is not None else None
        if not found: problems.append(f"{artifact}: no <{inherited.replace('m:', '')}> in it or its parents")
root, bom = load(root_pom), load(bom_pom)
for path in ("m:url", "m:licenses", "m:developers", "m:scm/m:url", "m:scm/m:connection", "m:scm/m:developerConnection", "m:inceptionYear"):
    a, b = (" ".join(ET.tostring(x, encoding="unicode").split()) if x is not None else None for x in (root.find(path, ns), bom.find(path, ns)))
    if a != b: problems.append(f"bom/pom.xml <{path.replace('m:', '')}> differs from the root pom.xml's")
for prop in ("jackson-jq.version", "json-schema-validator.version", "slf4j.version", "gpg.plugin.version", "central.publishing.version"):
    a, b = (p.findtext(f"m:properties/m:{prop}", namespaces=ns) for p in (root, bom))
    if a != b: problems.append(f"bom/pom.xml property {prop} is {b}, the root pom.xml's is {a}")
for problem in problems: print("  " + problem, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
log "every published POM has name, description, url, licenses, developers and scm; the BOM matches the root"

# --- 4. the newcomer path: empty local repository, the SDK only from the file repository --------
log "archetype:crawl writes $repo/archetype-catalog.xml"
(cd "$work" && "$root/mvnw" "${mvn_build[@]}" \
  "org.apache.maven.plugins:maven-archetype-plugin:$archetype_plugin:crawl" \
  -Drepository="$repo" -Dcatalog="$repo/archetype-catalog.xml") >"$work/crawl.log" 2>&1 \
  || fail_log "$work/crawl.log" "archetype:crawl failed"
grep -q '<artifactId>provisioner-archetype</artifactId>' "$repo/archetype-catalog.xml" \
  || fail "archetype:crawl did not list provisioner-archetype in $repo/archetype-catalog.xml"

newcomer=$work/newcomer
mkdir -p "$newcomer/m2" "$newcomer/catalog"
mirror=$work/public-mirror
public_repository=
if [[ "${E2E_RELEASE_MIRROR:-0}" == 1 ]]; then
  # The main build's repository minus dev/provisionersdk, as symbolic links: read-only, cheap.
  mkdir -p "$mirror/dev"
  for entry in "$main_repo"/*; do
    [[ "$(basename "$entry")" == dev ]] || ln -s "$entry" "$mirror/"
  done
  for entry in "$main_repo"/dev/*; do
    [[ -e "$entry" && "$(basename "$entry")" != provisionersdk ]] && ln -s "$entry" "$mirror/dev/"
  done
  [[ ! -e "$mirror/dev/provisionersdk" ]] || fail "the public mirror holds dev/provisionersdk"
  public_repository="<repository><id>public-mirror</id><url>file://$mirror</url>
        <releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>
        <snapshots><enabled>false</enabled></snapshots></repository>"
fi
sdk_repository="<releases><enabled>true</enabled></releases><snapshots><enabled>true</enabled></snapshots>"
cat >"$newcomer/settings.xml" <<EOF
<settings>
  <profiles>
    <profile>
      <id>newcomer</id>
      <repositories>
        <repository><id>provisioner-sdk</id><url>file://$repo</url>$sdk_repository</repository>
        <repository><id>archetype</id><url>file://$repo</url>$sdk_repository</repository>
        $public_repository
      </repositories>
      <pluginRepositories>
        ${public_repository//repository>/pluginRepository>}
      </pluginRepositories>
    </profile>
  </profiles>
  <activeProfiles><activeProfile>newcomer</activeProfile></activeProfiles>
</settings>
EOF
mvn_newcomer() { "$root/mvnw" -B -ntp -Dstyle.color=never -s "$newcomer/settings.xml" -Dmaven.repo.local="$newcomer/m2" "$@"; }
generate=("org.apache.maven.plugins:maven-archetype-plugin:$archetype_plugin:generate"
  -DarchetypeGroupId=dev.provisionersdk -DarchetypeArtifactId=provisioner-archetype)
project=(-DgroupId=com.example -DartifactId=dns-provisioner -Dpackage=com.example.dns -DprovisionerName=dns-records)

t0=$SECONDS
log "newcomer: archetype:generate (the README's command) with an empty local repository"
(cd "$newcomer" && mvn_newcomer "${generate[@]}" -DarchetypeVersion="$version" "${project[@]}") \
  >"$work/newcomer-generate.log" 2>&1 || fail_log "$work/newcomer-generate.log" "archetype:generate failed"
log "newcomer: archetype:generate -DarchetypeCatalog=remote, no version: the catalog lists it"
(cd "$newcomer/catalog" && mvn_newcomer "${generate[@]}" -DarchetypeCatalog=remote "${project[@]}") \
  >"$work/newcomer-catalog.log" 2>&1 || fail_log "$work/newcomer-catalog.log" "archetype:generate from the catalog failed"
grep -q "Archetype \[dev.provisionersdk:provisioner-archetype:$version\] found in catalog remote" "$work/newcomer-catalog.log" \
  || fail_log "$work/newcomer-catalog.log" "archetype:generate did not take the archetype from the remote catalog"
diff -r "$newcomer/dns-provisioner" "$newcomer/catalog/dns-provisioner" >/dev/null \
  || fail "the project generated through the catalog differs from the one generated by coordinates"

generated=$newcomer/dns-provisioner
log "newcomer: mvn verify in the generated project"
(cd "$generated" && mvn_newcomer verify) >"$work/newcomer-verify.log" 2>&1 \
  || fail_log "$work/newcomer-verify.log" "mvn verify of the generated project failed"
ls "$newcomer/m2/dev/provisionersdk/provisioner-sdk/$version/" | grep -qE -- "-$release-[0-9]{8}\.[0-9]{6}-[0-9]+\.jar\$" \
  || fail "the SDK was not resolved as a timestamped remote snapshot: $(ls "$newcomer/m2/dev/provisionersdk/provisioner-sdk/$version/")"

# The jar's Class-Path names exactly the files of target/lib (issue 18).
mkdir -p "$work/manifest"
(cd "$work/manifest" && jar xf "$generated/target/dns-provisioner.jar" META-INF/MANIFEST.MF)
manifest=$(tr -d '\r' <"$work/manifest/META-INF/MANIFEST.MF" | sed ':a;N;$!ba;s/\n //g')
class_path=$(sed -n 's/^Class-Path: //p' <<<"$manifest")
[[ -n "$class_path" ]] || fail "the generated jar's manifest has no Class-Path: $manifest"
for entry in $class_path; do
  [[ -f "$generated/target/$entry" ]] || fail "the jar's Class-Path names $entry, which is not in target/lib: $(ls "$generated/target/lib")"
done
# And the other way round: every file of target/lib is named.
for file in "$generated"/target/lib/*; do
  grep -qwF -- "lib/${file##*/}" <<<"$class_path" || fail "target/lib/${file##*/} is not on the jar's Class-Path"
done
log "newcomer: the jar's Class-Path names the files in target/lib"

log "newcomer: java -jar target/dns-provisioner.jar plan --inputs sample"
rc=0
(cd "$generated" && java -jar target/dns-provisioner.jar plan --inputs sample) \
  >"$work/newcomer-run.out" 2>"$work/newcomer-run.err" || rc=$?
((rc == 0)) || fail_log "$work/newcomer-run.err" "the generated provisioner exited with $rc"
grep -q "Plan for demo-prod-app-x1y2: 2 replica(s) of size small in step src" "$work/newcomer-run.out" \
  || fail_log "$work/newcomer-run.out" "the generated provisioner's plan printed something else"
log "newcomer: generate, verify and a local run in $((SECONDS - t0)) s"

# Every dev.provisionersdk file came from the file repository: none from the mirror or Central.
origins=$(find "$newcomer/m2/dev/provisionersdk" -name _remote.repositories -exec cat {} + | grep -v '^#' | sed 's/.*>//' | sort -u)
[[ -n "$origins" ]] || fail "no dev.provisionersdk artifact in the newcomer's repository"
while IFS= read -r origin; do
  [[ "$origin" == provisioner-sdk= || "$origin" == archetype= ]] \
    || fail "a dev.provisionersdk artifact came from '${origin%=}', not from the file repository"
done <<<"$origins"
log "newcomer: every dev.provisionersdk artifact came from the file repository, none from ${public_repository:+the mirror or }Central"

# --- 5. the API compatibility check, with a baseline ---------------------------------------------
# The baseline: the release build plus one more public class, deployed to a repository of its own.
# The next version (a patch) passes while it keeps the class and fails once the class is gone.
probe=$copy/sdk/src/main/java/dev/provisionersdk/ApiCheckProbe.java
cat >"$probe" <<'EOF'
package dev.provisionersdk;

/** A public class of the baseline only (scripts/e2e-release.sh). */
public final class ApiCheckProbe {
  private ApiCheckProbe() {}
}
EOF
baseline_repo=$work/baseline-repo
log "API check: deploy a baseline $release of provisioner-sdk with one more public class"
(cd "$copy" && ./mvnw "${mvn_build[@]}" -pl sdk -am deploy -DaltDeploymentRepository="baseline::file://$baseline_repo" \
  "${skip_checks[@]}") >"$work/api-baseline.log" 2>&1 || fail_log "$work/api-baseline.log" "deploying the baseline failed"
cat >"$work/baseline-settings.xml" <<EOF
<settings><profiles><profile><id>baseline</id><repositories><repository><id>baseline</id>
  <url>file://$baseline_repo</url><snapshots><enabled>false</enabled></snapshots></repository></repositories></profile></profiles>
  <activeProfiles><activeProfile>baseline</activeProfile></activeProfiles></settings>
EOF
next=${release%.*}.$((${release##*.} + 1))
set_version "$release" "$next"
api_check() { # Usage: api_check LOG
  (cd "$copy" && ./mvnw "${mvn_build[@]}" -s "$work/baseline-settings.xml" -pl sdk -am verify \
    -Dapi.baseline.version="$release" "${skip_checks[@]}") >"$1" 2>&1
}
api_check "$work/api-same.log" || fail_log "$work/api-same.log" "the API check failed on $next with the same API as $release"
grep -q 'japicmp' "$work/api-same.log" || fail_log "$work/api-same.log" "japicmp did not run"
grep -q 'NOT CHECKED' "$work/api-same.log" && fail "with a baseline the build still says NOT CHECKED"
rm "$probe"
if api_check "$work/api-broken.log"; then
  fail "the API check passed although $next removes the public class ApiCheckProbe of $release"
fi
grep -q 'ApiCheckProbe' "$work/api-broken.log" || fail_log "$work/api-broken.log" "the API check failed without naming ApiCheckProbe"
log "API check: $next passes with $release's API and fails when it removes a public class"

log "PASS: release bundle, file repository, reproducibility, newcomer path and API check; wall time $((SECONDS - started)) s"
