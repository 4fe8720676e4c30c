#!/usr/bin/env bash
# Checks the pulumi-wrapper image's layout without a registry or a runtime: builds it with Jib as a
# tarball on the empty base image, with the scripted pulumi of the tests as the CLI directory and a
# scripted provider plugin as the plugins directory, and checks that the CLI lands executable on
# every base image's PATH (/usr/local/bin), next to the SDK's entrypoint.sh; that the plugin is
# baked into PULUMI_HOME=/opt/pulumi (writable by uid 10001, for credentials, workspace settings and
# plugins not baked in), so nothing is downloaded per run and only the Pulumi project lives under
# /massdriver; and that the image runs as 10001:10001 in a writable /massdriver. Called by
# scripts/test-all.sh after the Maven build.
set -euo pipefail
cd "$(dirname "$0")/../.."
module=examples/pulumi-wrapper
work=$module/target/image-check
fail() { echo "[pulumi-image] FAIL: $*" >&2; exit 1; }
bash scripts/install-packages.sh images >&2 || fail "could not install the image tools (scripts/install-packages.sh images)"

rm -rf "$work" && mkdir -p "$work/layers"
# What `PULUMI_HOME=... pulumi plugin install resource random 4.16.7` leaves in PULUMI_HOME/plugins.
plugin=$work/pulumi-home/plugins/resource-random-v4.16.7
mkdir -p "$plugin" && printf '#!/bin/sh\necho fake provider\n' >"$plugin/pulumi-resource-random"
: >"$work/pulumi-home/plugins/resource-random-v4.16.7.lock"
XDG_CONFIG_HOME=$PWD/$work/xdg-config XDG_CACHE_HOME=$PWD/$work/xdg-cache \
  ./mvnw -B -q -ntp -pl "$module" -am package jib:buildTar -DskipTests -Dspotless.check.skip=true \
  -Djib.from.image=scratch \
  -Djib.disableUpdateChecks=true -Dpulumi.cli.directory="$PWD/$module/src/test/resources/fake-pulumi" \
  -Dpulumi.plugins.directory="$PWD/$work/pulumi-home/plugins" \
  -Djib.outputPaths.tar="$PWD/$work/image.tar" >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; fail "jib:buildTar of $module failed"; }

tar -xf "$work/image.tar" -C "$work"
config=$work/$(jq -r '.[0].Config' "$work/manifest.json")
listing=$work/listing.txt
: >"$listing"
for layer in $(jq -r '.[0].Layers[]' "$work/manifest.json"); do
  tar -tvzf "$work/$layer" 2>/dev/null >>"$listing"
done
# What a container sees: the entry of the last layer that has a path wins (a directory a later layer
# creates as a parent, mode 755, hides an earlier layer's mode 777).
awk '{ last[$NF] = $0; order[$NF] = NR } END { for (p in last) print order[p] "\t" last[p] }' "$listing" \
  | sort -n | cut -f2- >"$listing.effective"
listing=$listing.effective

grep -Eq '^-rwxr-xr-x .* usr/local/bin/pulumi$' "$listing" || fail "no executable /usr/local/bin/pulumi in the image"
grep -Eq '^-rwxr-xr-x .* usr/local/bin/entrypoint.sh$' "$listing" || fail "no executable entrypoint.sh"
grep -Eq ' app/native/linux-x86_64/libprovisionersdk-posix.so$' "$listing" \
  || fail "no JNI library at /app/native/linux-x86_64/ (entrypoint.sh loads it from there)"
grep -Eq '^drwxrwxrwx .* massdriver/$' "$listing" || fail "/massdriver is not writable by uid 10001"
[[ $(jq -r '.config.User' "$config") == 10001:10001 ]] || fail "user is not 10001:10001"
[[ $(jq -r '.config.WorkingDir' "$config") == /massdriver ]] || fail "working directory is not /massdriver"
[[ $(jq -r '.config.Entrypoint | join(" ")' "$config") == /usr/local/bin/entrypoint.sh ]] || fail "entrypoint is not entrypoint.sh"
jq -e '.config.Env | index("PULUMI_HOME=/opt/pulumi")' "$config" >/dev/null || fail "PULUMI_HOME is not /opt/pulumi"
grep -Eq '^drwxrwxrwx .* opt/pulumi/$' "$listing" || fail "/opt/pulumi (PULUMI_HOME) is not writable by uid 10001"
grep -Eq '^drwxrwxrwx .* opt/pulumi/plugins/$' "$listing" || fail "/opt/pulumi/plugins is not writable by uid 10001"
grep -Eq '^-rwxr-xr-x .* opt/pulumi/plugins/resource-random-v4.16.7/pulumi-resource-random$' "$listing" \
  || fail "the provider plugin is not an executable under /opt/pulumi/plugins"
! grep -Eq ' massdriver/.+' "$listing" || fail "the image puts files under /massdriver: $(grep -E ' massdriver/.+' "$listing")"
! grep -Eq '\.keep$' "$listing" || fail "a .keep placeholder is in the image"
jq -e '[.config.Env[] | select(startswith("PATH="))] | length == 0' "$config" >/dev/null \
  || fail "the image replaces the base image's PATH"
echo "[pulumi-image] PASS: pulumi CLI on PATH, provider plugins in PULUMI_HOME=/opt/pulumi, uid 10001:10001, /massdriver writable and empty"
