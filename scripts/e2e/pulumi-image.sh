#!/usr/bin/env bash
# Checks the pulumi-wrapper image's layout without a registry or a runtime: builds it with Jib as a
# tarball on the empty base image, with the scripted pulumi of the tests as the CLI directory, and
# checks that the CLI lands executable on every base image's PATH (/usr/local/bin), next to the
# SDK's entrypoint.sh, and that the image runs as 10001:10001 in /massdriver with a writable
# /massdriver and PULUMI_HOME under it. Called by scripts/test-all.sh after the Maven build.
set -euo pipefail
cd "$(dirname "$0")/../.."
module=examples/pulumi-wrapper
work=$module/target/image-check
fail() { echo "[pulumi-image] FAIL: $*" >&2; exit 1; }
command -v jq >/dev/null || fail "jq is missing (scripts/e2e-images.sh installs it)"

rm -rf "$work" && mkdir -p "$work/layers"
XDG_CONFIG_HOME=$PWD/$work/xdg-config XDG_CACHE_HOME=$PWD/$work/xdg-cache \
  ./mvnw -B -q -ntp -pl "$module" -am package jib:buildTar -DskipTests -Dspotless.check.skip=true \
  -Djib.from.image=scratch \
  -Djib.disableUpdateChecks=true -Dpulumi.cli.directory="$PWD/$module/src/test/resources/fake-pulumi" \
  -Djib.outputPaths.tar="$PWD/$work/image.tar" >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; fail "jib:buildTar of $module failed"; }

tar -xf "$work/image.tar" -C "$work"
config=$work/$(jq -r '.[0].Config' "$work/manifest.json")
listing=$work/listing.txt
: >"$listing"
for layer in $(jq -r '.[0].Layers[]' "$work/manifest.json"); do
  tar -tvzf "$work/$layer" 2>/dev/null >>"$listing"
done

grep -Eq '^-rwxr-xr-x .* usr/local/bin/pulumi$' "$listing" || fail "no executable /usr/local/bin/pulumi in the image"
grep -Eq '^-rwxr-xr-x .* usr/local/bin/entrypoint.sh$' "$listing" || fail "no executable entrypoint.sh"
grep -Eq '^drwxrwxrwx .* massdriver/$' "$listing" || fail "/massdriver is not writable by uid 10001"
[[ $(jq -r '.config.User' "$config") == 10001:10001 ]] || fail "user is not 10001:10001"
[[ $(jq -r '.config.WorkingDir' "$config") == /massdriver ]] || fail "working directory is not /massdriver"
[[ $(jq -r '.config.Entrypoint | join(" ")' "$config") == /usr/local/bin/entrypoint.sh ]] || fail "entrypoint is not entrypoint.sh"
jq -e '.config.Env | index("PULUMI_HOME=/massdriver/.pulumi")' "$config" >/dev/null || fail "PULUMI_HOME is not under /massdriver"
jq -e '[.config.Env[] | select(startswith("PATH="))] | length == 0' "$config" >/dev/null \
  || fail "the image replaces the base image's PATH"
cmp -s "$module/src/main/jib/usr/local/bin/entrypoint.sh" examples/noop/src/main/jib/usr/local/bin/entrypoint.sh \
  || fail "examples/pulumi-wrapper's entrypoint.sh differs from examples/noop's: keep them in step"
echo "[pulumi-image] PASS: pulumi CLI on PATH, uid 10001:10001, /massdriver writable, entrypoint in step with noop's"
