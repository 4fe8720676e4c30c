#!/usr/bin/env bash
# Start-up benchmark (docs/startup.md): whole-process wall time, with hyperfine, of
#   (a) a JVM hello world on the image's JVM and flags (the floor),
#   (b) benchmarks/startup/noop-entrypoint.sh, the noop provisioner as a bash + jq script,
#   (c) examples/noop as its image runs it: the image's own entrypoint.sh, JVM and class path,
#       inside the unpacked image (chroot as uid 10001 in /massdriver, the platform's environment),
#       with the image's class-data archive (scripts/image-cds.sh) and without (PROVISIONER_CDS=false:
#       the JRE's default archive only),
# all on the noop sample's five input files, plan action. Then the ratios c/b and c/a, the peak
# RSS of (c), and the image's layers with their compressed sizes.
#
# Builds what it needs like scripts/e2e-images.sh (jlink'd Temurin 25 base, jib:build to a registry
# on loopback, runc for the training run); needs root; installs hyperfine and the image tools from
# Debian when missing. Never run by the tests.
# Environment: BENCH_RUNS (default 30), BENCH_WARMUP (default 5), E2E_JDK as in e2e-images.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
started=$SECONDS
script_name=bench-startup
work=$root/target/bench-startup
runs=${BENCH_RUNS:-30}
warmup=${BENCH_WARMUP:-5}
# shellcheck source=e2e/lib.sh
source "$root/scripts/e2e/lib.sh"

[[ $(id -u) == 0 ]] || fail "needs root (runc, umoci, chroot)"
rm -rf "$work"
mkdir -p "$work" "$work/xdg"
ensure_packages bench images
export XDG_CONFIG_HOME=$work/xdg XDG_CACHE_HOME=$work/xdg

mounted=()
bench_cleanup() {
  local m
  for m in ${mounted[@]+"${mounted[@]}"}; do umount "$m" 2>/dev/null || true; done
  cleanup
}
trap bench_cleanup EXIT

start_registry
jdk=$(pick_jdk)
log "base image: jlink from $jdk; registry on $registry"
bash scripts/e2e/jre-base-image.sh "$jdk" "$work/base" "$work/oci/jre" jre >"$work/base.log" 2>&1 \
  || fail_log "$work/base.log" "building the base image failed"
skopeo copy -q --dest-tls-verify=false --format v2s2 "oci:$work/oci/jre:jre" "docker://$registry/provisioner-jre:bench"
base=$registry/provisioner-jre@$(skopeo inspect --tls-verify=false "docker://$registry/provisioner-jre:bench" | jq -r .Digest)

log "jib:build examples/noop"
# The host's platform only: the base is one image, not an index, and only this one is measured.
./mvnw -B -ntp -q -pl examples/noop -am package jib:build -DskipTests -Dspotless.check.skip=true \
  -Djib.disableUpdateChecks=true -Djib.allowInsecureRegistries=true -Djib.console=plain \
  -Djib.from.platforms=linux/amd64 -Djib.from.image="$base" -Dimage="$registry/noop-provisioner:bench" >"$work/build.log" 2>&1 \
  || fail_log "$work/build.log" "jib:build of examples/noop failed"
log "image-cds: training run"
CDS_TLS_VERIFY=false CDS_WORK=$work/image-cds bash scripts/image-cds.sh "$registry/noop-provisioner:bench" examples/noop/sample plan \
  "$registry/noop-provisioner:bench-cds" >"$work/image-cds.log" 2>&1 \
  || fail_log "$work/image-cds.log" "scripts/image-cds.sh failed"

bundle=$work/bundle
unpack_bundle "$registry/noop-provisioner:bench-cds" "$work/oci/noop" "$bundle"
rootfs=$bundle/rootfs
populate_inputs "$bundle" examples/noop/sample
for d in proc dev; do
  mkdir -p "$rootfs/$d"
  mount --bind "/$d" "$rootfs/$d"
  mounted+=("$rootfs/$d")
done

# (a): a hello world class on the image's JVM with entrypoint.sh's flags.
mkdir -p "$work/hello" "$rootfs/opt/bench"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' \
  >"$work/hello/Hello.java"
"$jdk/bin/javac" --release 17 -d "$rootfs/opt/bench" "$work/hello/Hello.java"

# Every command runs with the platform's environment only (env -i), as uid 10001.
env_words=$(platform_env plan | tr '\n' ' ')
jvm_flags=$(sed -n '/^exec java/,/-cp/p' "$rootfs/usr/local/bin/entrypoint.sh" | grep -oE -- '-X[^ ]+' | grep -v '^-Xshare' | tr '\n' ' ')
in_image="env -i $env_words PATH=/opt/java/bin:/bin /usr/sbin/chroot --userspec=10001:10001 $rootfs"
cmd_a="$in_image /opt/java/bin/java $jvm_flags -Xshare:auto -cp /opt/bench Hello"
cmd_b="env -i -C $rootfs/massdriver $env_words PATH=/usr/bin:/bin bash $root/benchmarks/startup/noop-entrypoint.sh"
cmd_c="$in_image /bin/sh -c 'cd /massdriver && exec /usr/local/bin/entrypoint.sh'"
cmd_c0="env -i $env_words PROVISIONER_CDS=false PATH=/opt/java/bin:/bin /usr/sbin/chroot --userspec=10001:10001 $rootfs /bin/sh -c 'cd /massdriver && exec /usr/local/bin/entrypoint.sh'"

# Each command must work and print the summary before it is timed.
for c in "$cmd_a" "$cmd_b" "$cmd_c" "$cmd_c0"; do
  out=$(bash -c "$c" 2>"$work/check.err") || fail_log "$work/check.err" "command failed: $c"
  [[ "$c" == "$cmd_a" || "$out" == *"Planning ecomm-prod-api-abc1 in step src"* ]] || fail "unexpected output of $c: $out"
done
diff <(bash -c "$cmd_b" | head -7) <(bash -c "$cmd_c" 2>/dev/null | head -7) >"$work/summary.diff" \
  || fail_log "$work/summary.diff" "the bash + jq script and the noop provisioner print different summaries"

load=$(cut -d' ' -f1-3 /proc/loadavg)
log "hyperfine: $warmup warm-up runs, $runs runs each"
hyperfine -N --warmup "$warmup" --runs "$runs" --export-json "$work/hyperfine.json" --style basic \
  -n "(a) JVM hello world" "$cmd_a" \
  -n "(b) bash + jq noop script" "$cmd_b" \
  -n "(c) noop image, class-data archive" "$cmd_c" \
  -n "(c) noop image, no archive" "$cmd_c0" >"$work/hyperfine.log" 2>&1 \
  || fail_log "$work/hyperfine.log" "hyperfine failed"

# Peak RSS (max resident set) of (c), median of 5 runs each.
peak_rss() {
  local i
  for i in 1 2 3 4 5; do
    /usr/bin/time -f '%M' -o "$work/rss" bash -c "exec $1" >/dev/null 2>&1
    cat "$work/rss"
  done | sort -n | sed -n 3p
}
rss_c=$(peak_rss "$cmd_c")
rss_c0=$(peak_rss "$cmd_c0")

# Where (c)'s time goes: the JVM's uptime (ms) when milestone classes load, from -Xlog:class+load.
# Usage: breakdown EXTRA_ENV; prints one table row per milestone and the class counts.
milestones=(
  "dev.provisionersdk.examples.noop.NoopProvisioner|JVM boot: main class loaded"
  "dev.provisionersdk.internal.Execution|handlers wired (Provisioner.builder, user lambdas)"
  "dev.provisionersdk.internal.Json|masking streams, supervisor, context read"
  "org.slf4j.LoggerFactory|Jackson ObjectMapper built"
  "dev.provisionersdk.internal.LoadedRequest|SLF4J initialised (first logger)"
  "dev.provisionersdk.internal.exec.ControlledRun|five files parsed, request built"
  "dev.provisionersdk.internal.resources.Templates|handler ran on its worker thread and returned"
)
breakdown() {
  local log=$rootfs/tmp/class-load.log previous=0 entry cls what at
  rm -f "$log"
  bash -c "exec env -i $1 JAVA_OPTS=-Xlog:class+load=info:file=/tmp/class-load.log:uptime ${cmd_c#env -i }" >/dev/null 2>&1
  for entry in "${milestones[@]}"; do
    cls=${entry%%|*} what=${entry#*|}
    at=$(grep -m1 -E "\] $cls" "$log" | sed -E 's/^\[([0-9.]+)s\].*/\1/')
    at=$(awk -v s="$at" 'BEGIN { printf "%d", s * 1000 }')
    printf '| %s | %d | +%d |\n' "$what" "$at" $((at - previous))
    previous=$at
  done
  at=$(tail -1 "$log" | sed -E 's/^\[([0-9.]+)s\].*/\1/')
  at=$(awk -v s="$at" 'BEGIN { printf "%d", s * 1000 }')
  printf '| handler printed, last class loaded | %d | +%d |\n' "$at" $((at - previous))
  printf '\nclasses loaded: %d (%d from the archive); Jackson %d, SDK %d, SLF4J %d, JDK %d\n\n' \
    "$(wc -l <"$log")" "$(grep -c 'shared objects file' "$log")" "$(grep -c '\] com.fasterxml' "$log")" \
    "$(grep -c '\] dev.provisionersdk' "$log")" "$(grep -c '\] org.slf4j' "$log")" \
    "$(grep -cE '\] (java|javax|jdk|sun)\.' "$log")"
}

{
  echo
  echo "Start-up, plan on examples/noop/sample: $runs runs after $warmup warm-up runs (hyperfine -N), $(nproc) cores"
  echo "JVM: $("$rootfs/opt/java/bin/java" -version 2>&1 | sed -n 2p); load average before the runs: $load"
  echo
  echo "| command | median ms | mean ms | min ms | max ms |"
  echo "|---|---:|---:|---:|---:|"
  jq -r '.results[] | "| \(.command) | \(.median*1000|round) | \(.mean*1000|round) | \(.min*1000|round) | \(.max*1000|round) |"' "$work/hyperfine.json"
  echo
  jq -r '.results as $r | ($r[0].median) as $a | ($r[1].median) as $b
    | $r[2:][] | "ratio \(.command): c/b = \(.median/$b*100|round/100), c/a = \(.median/$a*100|round/100)"' "$work/hyperfine.json"
  echo
  echo "peak RSS (max resident set, median of 5): with archive $((rss_c / 1024)) MB, without $((rss_c0 / 1024)) MB"
  echo
  echo "Image layers (compressed, as pushed), noop-provisioner:bench-cds:"
  echo
  echo "| layer | MB | holds |"
  echo "|---:|---:|---|"
  manifest=$(skopeo inspect --tls-verify=false --raw "docker://$registry/noop-provisioner:bench-cds")
  i=0
  while read -r digest size; do
    i=$((i + 1))
    holds=$(tar -tzf "$work/oci/noop/blobs/sha256/${digest#sha256:}" 2>/dev/null | grep -vE '/$|^\.$' \
      | sed -E 's#^(\./)+##' | awk -F/ '{print "/"$1"/"$2}' | sort -u | head -4 | tr '\n' ' ')
    printf '| %d | %.2f | %s|\n' "$i" "$(jq -n "$size/1048576")" "$holds"
  done < <(jq -r '.layers[] | "\(.digest) \(.size)"' <<<"$manifest")
  app=$(jq '[.layers[1:][] | .size] | add' <<<"$manifest")
  echo
  echo "all layers but the base: $(jq -n "$app/1048576*100|round/100") MB; jars in /app/libs + /app/classpath: $(du -ck "$rootfs"/app/libs/* "$rootfs"/app/classpath/* | tail -1 | cut -f1) KB uncompressed"
  echo
  echo "Where (c)'s time goes without an archive (JVM uptime when each milestone's class loads, one run):"
  echo
  echo "| milestone | ms | step ms |"
  echo "|---|---:|---:|"
  breakdown PROVISIONER_CDS=false
  # With the AOT cache the classes are loaded and linked from the cache at boot, so milestones
  # collapse; only the total says something.
  echo "With the archive (one run): $(breakdown "" | grep -E '^\| handler printed' | cut -d'|' -f3 | tr -d ' ') ms" \
    "of JVM uptime at the last class load; $(breakdown "" | grep -E '^classes')"
} | tee "$work/table.md"
log "done: $work/table.md"
