#!/usr/bin/env bash
# End-to-end test of the ansible-playbook example's image, offline and without Docker: builds a
# base image with Python and ansible-core (mmdebstrap of a minimal Debian plus a jlink'd JRE, by
# scripts/e2e/jre-base-image.sh), pushes it to a registry on 127.0.0.1 and pins it by digest,
# builds examples/ansible-playbook on it with Jib, then pulls, unpacks and runs the image with runc
# the way the platform runs a provisioner: uid 10001, no capabilities, the sample as /massdriver,
# the image's own entrypoint.sh. It runs plan, provision, provision again and decommission on the
# sample against a resources API on loopback, and checks the exit codes, the recap, the files the
# playbook manages, the resource published and deleted, and that no secret appears in the output.
#
# Called by scripts/test-all.sh after the Maven build. Needs root; installs the "ansible-image" and
# "images" packages of scripts/debian-packages.txt when missing. The Debian packages the
# base is made of are cached in target/ansible-image-debs between runs. Prints its wall time.
# Environment: E2E_JDK (the JDK to jlink, as for scripts/e2e-images.sh), DEBIAN_MIRROR (default
# http://deb.debian.org/debian), DEBIAN_SUITE (default bookworm).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
started=$SECONDS
work=$root/target/ansible-image
debs=$root/target/ansible-image-debs
module=examples/ansible-playbook
name=ansible-playbook-provisioner
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=${DEBIAN_SUITE:-bookworm}

script_name=ansible-image
# shellcheck source=lib.sh
source "$root/scripts/e2e/lib.sh"

api_pid=
stop_api() {
  if [[ -n "$api_pid" ]]; then
    kill "$api_pid" 2>/dev/null || true
    wait "$api_pid" 2>/dev/null || true
  fi
  cleanup
}
trap stop_api EXIT

[[ $(id -u) == 0 ]] || fail "needs root for mmdebstrap, runc and umoci (CI runs as root); skip it with SKIP_IMAGE_E2E=1 scripts/test-all.sh"
rm -rf "$work"
mkdir -p "$work" "$debs"
ensure_packages ansible-image images

# 1. A minimal Debian with ansible-core (and so Python 3), without docs, man pages and apt lists.
log "base: mmdebstrap $suite with ansible-core"
mmdebstrap --variant=essential --include=ansible-core \
  --skip=download/empty --skip=essential/unlink \
  --setup-hook='mkdir -p "$1"/var/cache/apt/archives/' \
  --setup-hook="sync-in $debs /var/cache/apt/archives/" \
  --customize-hook="sync-out /var/cache/apt/archives $debs" \
  --customize-hook='rm -rf "$1"/usr/share/doc/* "$1"/usr/share/man/* "$1"/usr/share/info/* "$1"/usr/share/locale/*' \
  "$suite" "$work/debian" "$mirror" >"$work/mmdebstrap.log" 2>&1 \
  || fail_log "$work/mmdebstrap.log" "mmdebstrap of $suite with ansible-core failed"
ansible_version=$(chroot "$work/debian" ansible-playbook --version | sed -n 1p) # sed reads it all: no SIGPIPE
log "base: $ansible_version"

# 2. Plus the JRE, as an OCI image in the registry, pinned by digest.
jdk=$(pick_jdk)
log "base: jlink from $jdk"
bash scripts/e2e/jre-base-image.sh "$jdk" "$work/base" "$work/oci/base" base "$work/debian" >"$work/base.log" 2>&1 \
  || fail_log "$work/base.log" "building the base image failed"
start_registry
skopeo copy -q --dest-tls-verify=false --format v2s2 "oci:$work/oci/base:base" "docker://$registry/jre-ansible:e2e"
base=$registry/jre-ansible@$(skopeo inspect --tls-verify=false "docker://$registry/jre-ansible:e2e" | jq -r .Digest)
log "base image pinned by digest: $base ($(du -sh "$work/oci/base" | cut -f1) as an OCI layout)"

# 3. The example's image, built by Jib on that base (one platform: the base is one image, not an index).
log "jib:build $name"
XDG_CONFIG_HOME=$work/xdg/config XDG_CACHE_HOME=$work/xdg/cache \
  ./mvnw -B -q -ntp -pl "$module" -am package dependency:build-classpath jib:build -DskipTests -Dspotless.check.skip=true \
  -Dmdep.outputFile=target/runtime.classpath -Dmdep.includeScope=runtime \
  -Djib.disableUpdateChecks=true -Djib.allowInsecureRegistries=true -Djib.console=plain \
  -Djib.from.platforms=linux/amd64 -Djib.from.image="$base" -Dimage="$registry/$name:e2e" >"$work/build.log" 2>&1 \
  || fail_log "$work/build.log" "jib:build of $module failed"
config=$(skopeo inspect --tls-verify=false --config "docker://$registry/$name:e2e")
[[ $(jq -r '.config.User' <<<"$config") == "10001:10001" ]] || fail "image user is not 10001:10001"
[[ $(jq -c '.config.Entrypoint' <<<"$config") == '["/usr/local/bin/entrypoint.sh"]' ]] || fail "entrypoint is not entrypoint.sh"
bundle=$work/bundle
unpack_bundle "$registry/$name:e2e" "$work/oci/image" "$bundle"
log "image pulled and unpacked"

# 4. A resources API on loopback, reached from the container through the host's network: the test
# kit's FakeMassdriverApi, the strict fake the Java tests use (method, path, the deployment's Basic
# credentials, the body's fields; anything else gets the API's 4xx), as a process of its own. It
# writes its port, and each request with the status of its answer before answering it.
api_log=$work/api-calls.jsonl
api_port_file=$work/api-port
[[ -s testing/target/runtime.classpath ]] || fail "the build left no testing/target/runtime.classpath (the test kit's dependencies)"
"$jdk/bin/java" -cp "testing/target/classes:$(cat testing/target/runtime.classpath)" dev.provisionersdk.testing.FakeMassdriverApiServer \
  --port 0 --port-file "$api_port_file" --calls-file "$api_log" --credentials e2e-deployment "$platform_token" \
  >"$work/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 1 300); do [[ -s "$api_port_file" ]] || ! kill -0 "$api_pid" 2>/dev/null && break; sleep 0.1; done
[[ -s "$api_port_file" ]] || fail_log "$work/api.log" "the fake resources API did not start"
api_url=http://127.0.0.1:$(cat "$api_port_file")

# 5. The runs. Usage: run ACTION EXPECTED_EXIT TEXT...; sets out, err.
populate_inputs "$bundle" "$module/sample"
run() {
  local action=$1 expected=$2 rc=0 t0=$EPOCHREALTIME
  shift 2
  runc_config "$bundle" "$action" '["entrypoint.sh"]'
  # The platform's environment, but resources go to the API on loopback (host network).
  jq --arg url "MASSDRIVER_URL=$api_url" '
      .process.env = [.process.env[] | select(startswith("MASSDRIVER_URL=") | not)] + [$url]
      | .linux.namespaces = [.linux.namespaces[] | select(.type != "network")]' \
    "$bundle/config.json" >"$bundle/config.run.json" && mv "$bundle/config.run.json" "$bundle/config.json"
  out=$work/runs/$action-$RANDOM.out
  err=${out%.out}.err
  mkdir -p "$work/runs"
  timeout 300 runc --root "$work/runc" run --bundle "$bundle" "ansible-e2e-$$-$RANDOM" </dev/null >"$out" 2>"$err" || rc=$?
  local took=$(((${EPOCHREALTIME/./} - ${t0/./}) / 1000))
  ((rc == expected)) || fail "$action: exit code $rc, expected $expected; $(tail -15 "$out" "$err")"
  expect_output "$action" "$module/sample/secrets.json" "$out" "$err" "$@"
  log "$action: exit $rc as expected ($took ms, runc start to exit)"
}
site=$bundle/rootfs/massdriver/site

run plan 0 "--check --diff" "Ansible check: 3 task(s) would change something on 1 host(s); nothing was changed"
[[ ! -e "$site" ]] || fail "plan changed something: $site exists"
run provision 0 "Ansible recap: 3 task(s) changed something on 1 host(s)" "localhost: ok=4 changed=3"
[[ $(stat -c '%u:%g' "$site/index.html") == 10001:10001 ]] || fail "provision: index.html not written by 10001"
grep -q 'Ecomm landing page' "$site/index.html" || fail "provision: index.html lacks the title"
[[ $(stat -c '%a' "$site/backend.env") == 600 ]] || fail "provision: backend.env is not mode 600"
run provision 0 "Ansible recap: 0 task(s) changed something on 1 host(s)"
run decommission 0 "localhost: ok=1 changed=1"
[[ ! -e "$site" ]] || fail "decommission left $site"
run decommission 0 "localhost: ok=1 changed=0"

expected='{"field":"site","name":"Artifact site for ecomm-prod-web-abc1","type":"massdriver/static-site","payload":{"root":"/massdriver/site","url":"file:///massdriver/site/index.html","region":"us-west-2"}}'
[[ $(jq -sc '[.[] | select(.status >= 300)] | length' "$api_log") == 0 ]] || fail "the API refused a request: $(cat "$api_log")"
[[ $(jq -sc '[.[] | select(.method == "POST")] | length' "$api_log") == 2 ]] || fail "expected 2 POSTs (one per provision): $(cat "$api_log")"
[[ $(jq -c 'select(.method == "POST") | .body | fromjson' "$api_log" | sort -u) == $(jq -c . <<<"$expected") ]] \
  || fail "the published resource is not the expected payload: $(cat "$api_log")"
[[ $(jq -r 'select(.method == "DELETE") | .path' "$api_log" | sort -u) == /v1/resources/ecomm-prod-web-abc1-site ]] \
  || fail "decommission did not delete the resource: $(cat "$api_log")"
log "the resource reached the API on loopback: POST $(jq -c . <<<"$expected" | cut -c1-80)…, then DELETE"
left=$(find "$bundle/rootfs/tmp" -maxdepth 1 -name 'ansible-provisioner-*')
[[ -z "$left" ]] || fail "a run left its private directory in /tmp: $left"

log "PASS: $name image ($ansible_version) built on a base made offline and run as uid 10001; wall time $((SECONDS - started)) s"
