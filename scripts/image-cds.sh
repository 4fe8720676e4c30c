#!/usr/bin/env bash
# Adds a class-data archive to a provisioner image, made by a training run of the image itself: it
# pulls IMAGE from its registry, unpacks it, runs its own entrypoint.sh (so the image's own JVM,
# flags and exact class path) with runc on SAMPLE_DIR as /massdriver and ACTION (default plan),
# and pushes the image back with one more layer holding /app/cds/app.aot (JDK 25+: AOT cache,
# -XX:AOTCacheOutput) or /app/cds/app.jsa (JDK 17-24: dynamic AppCDS, -XX:ArchiveClassesAtExit).
# entrypoint.sh uses the archive when it is there; without this step the image works as before.
#
# Usage: scripts/image-cds.sh IMAGE SAMPLE_DIR [ACTION] [TARGET_IMAGE]
#   IMAGE         e.g. 127.0.0.1:5000/noop-provisioner:1.0 (built by mvn package jib:build)
#   SAMPLE_DIR    the five input files and bundle/<step>/ of a run that needs no network
#   TARGET_IMAGE  where to push the result (default: IMAGE)
# One platform's image: an image index (jib:build's default, linux/amd64 and linux/arm64) is
# refused; train the host's platform's image by its digest, pushed to a TARGET_IMAGE of its own.
# Environment: CDS_STEP (the step directory under SAMPLE_DIR/bundle, default src), CDS_TLS_VERIFY
# (default true: registries are verified; false only for a test registry on loopback without TLS),
# CDS_WORK (default target/image-cds). Needs root (runc,
# umoci) and skopeo umoci runc jq. The training run has no network (runc's own namespace).
# Opt out by not running it, or at run time with PROVISIONER_CDS=false in the container.
set -euo pipefail
sample=$(readlink -f "${2:-.}")
cd "$(dirname "$0")/.."
root=$PWD
started=$SECONDS
script_name=image-cds
# shellcheck source=e2e/lib.sh
source "$root/scripts/e2e/lib.sh"

(($# >= 2)) || fail "usage: scripts/image-cds.sh IMAGE SAMPLE_DIR [ACTION] [TARGET_IMAGE]"
image=$1 action=${3:-plan} target=${4:-$1}
[[ -f "$sample/params.json" ]] || fail "$sample has no params.json: give the directory holding the five input files"
[[ $(id -u) == 0 ]] || fail "needs root for runc and umoci"
work=${CDS_WORK:-$root/target/image-cds}
tls_verify=${CDS_TLS_VERIFY:-true}
[[ $tls_verify == true || $tls_verify == false ]] || fail "CDS_TLS_VERIFY is true or false, not $tls_verify"
step_path=${CDS_STEP:-src}
rm -rf "$work" && mkdir -p "$work"
bundle=$work/bundle oci=$work/oci

# The archive is made by and for one platform's JVM: an image index (mvn jib:build's default, for
# linux/amd64 and linux/arm64) is refused rather than pushed back as one platform's image.
if skopeo inspect --tls-verify="$tls_verify" --raw "docker://$image" 2>/dev/null | jq -e '.manifests' >/dev/null; then
  repository=$image
  [[ ${image##*/} == *:* ]] && repository=${image%:*}
  host_arch=$(case $(uname -m) in aarch64) echo arm64 ;; *) echo amd64 ;; esac)
  fail "$image is an image index (one image per platform); the archive is trained by and for one platform's JVM: give this host's platform's image by digest, $repository@$(skopeo inspect --tls-verify="$tls_verify" --raw "docker://$image" | jq -r --arg arch "$host_arch" '[.manifests[] | select(.platform.architecture == $arch)][0].digest'), and a TARGET_IMAGE to push the result to"
fi
log "unpacking $image"
unpack_bundle "$image" "$oci" "$bundle" 2>"$work/unpack.log" || fail_log "$work/unpack.log" "cannot pull or unpack $image"
rootfs=$bundle/rootfs
[[ -s "$rootfs/app/jib-classpath-file" ]] || fail "$image has no /app/jib-classpath-file: build it with Jib (containerizingMode packaged)"
grep -q PROVISIONER_CDS_TRAINING "$rootfs/usr/local/bin/entrypoint.sh" \
  || fail "$image's entrypoint.sh has no training hook (PROVISIONER_CDS_TRAINING): take entrypoint.sh from this SDK version (image/usr/local/bin/entrypoint.sh, or a project newly generated from the archetype)"

# What the training run may leave behind besides the archive is removed before repacking.
premade=()
for d in proc sys dev; do
  if [[ -e "$rootfs/$d" ]]; then premade+=("$d"); fi
done
md_mode=$(stat -c '%a' "$rootfs/massdriver")
mkdir -p "$rootfs/app/cds"
chmod 777 "$rootfs/app/cds"
populate_inputs "$bundle" "$sample"

# Runs the image's entrypoint once with the given training flags. Usage: train FLAGS; sets rc.
train() {
  runc_config "$bundle" "$action" '["/usr/local/bin/entrypoint.sh"]' "PROVISIONER_CDS_TRAINING=$1"
  rc=0
  timeout 300 runc --root "$work/runc" run --bundle "$bundle" "cds-$$-$RANDOM" </dev/null \
    >"$work/train.out" 2>"$work/train.err" || rc=$?
}
log "training run: $action on $sample"
# A JDK 25 AOT cache can hold code generated for the training host's CPU (method adapters, stubs),
# and JDK 25 maps it without checking that a node has those CPU features: a cache trained with
# AVX-512 would crash a node without it (SIGILL). With that caching off the cache holds no CPU-
# specific code, on x86-64 and AArch64 alike; 25.0.3 has it off by default, earlier 25 builds not.
portable="-XX:+UnlockDiagnosticVMOptions -XX:-AOTAdapterCaching -XX:-AOTStubCaching"
train "$portable -XX:AOTCacheOutput=/app/cds/app.aot"
if [[ -s "$rootfs/app/cds/app.aot" ]]; then
  kind="AOT cache (JDK 25+)"
else
  # JDK 17-24 do not know -XX:AOTCacheOutput: a dynamic AppCDS archive instead.
  rm -f "$rootfs/app/cds/"*
  train "-Xshare:auto -XX:ArchiveClassesAtExit=/app/cds/app.jsa"
  kind="AppCDS archive"
  [[ -s "$rootfs/app/cds/app.jsa" ]] || fail_log "$work/train.err" "the training run made no archive (exit $rc)"
fi
((rc == 0)) || fail_log "$work/train.err" "the training run of $action exited with $rc"
rm -f "$rootfs/app/cds/"*.config
find "$rootfs/massdriver" -mindepth 1 -delete
chmod "$md_mode" "$rootfs/massdriver"
chown -R 0:0 "$rootfs/app/cds"
chmod 755 "$rootfs/app/cds" && chmod 644 "$rootfs/app/cds/"*
find "$rootfs/tmp" -mindepth 1 -delete 2>/dev/null || true
for d in proc sys dev; do
  [[ " ${premade[*]-} " == *" $d "* ]] || rmdir "$rootfs/$d" 2>/dev/null || true
done
log "made $(cd "$rootfs" && ls app/cds) ($kind, $(du -h "$rootfs/app/cds" | cut -f1 | tail -1))"

umoci repack --image "$oci:image" --history.created_by "scripts/image-cds.sh $action" \
  --history.comment "class-data archive from a training run" "$bundle" >/dev/null
umoci gc --layout "$oci"
skopeo copy -q --dest-tls-verify="$tls_verify" "oci:$oci:image" "docker://$target" \
  || fail "cannot push to $target"
log "pushed $target with /app/cds"
