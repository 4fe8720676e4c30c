#!/usr/bin/env bash
# Builds a small JRE base image offline, as an OCI layout, from a JDK on this machine: a jlink
# runtime, the glibc files it links against, a static busybox as /bin/sh (entrypoint.sh needs a
# shell), /etc/passwd with massdriver (10001), /tmp, and the C.utf8 locale.
# It stands in for the default base (eclipse-temurin:25-jre) where Docker Hub is unreachable.
# With ROOTFS (a distribution's root file system, e.g. made by mmdebstrap, as
# scripts/e2e/ansible-image.sh does for a base with Python and ansible-core), the runtime goes on
# top of a copy of it instead: its glibc, its /bin/sh, and its /etc/passwd plus massdriver.
# With ARM64_TREE (Debian's arm64 packages unpacked by scripts/e2e/arm64-tree.sh), the image is
# for linux/arm64: JDK_HOME's jlink (the same feature release, 17) links the tree's arm64 jmods,
# and glibc and busybox come from the tree; nothing of it runs here.
# Usage: jre-base-image.sh JDK_HOME WORK_DIR OCI_LAYOUT_DIR TAG [ROOTFS]  (needs root, jlink, umoci)
set -euo pipefail

jdk="$1" work="$2" layout="$3" tag="$4" base_rootfs="${5:-}"
tree=${ARM64_TREE:-}

# What a provisioner typically needs (HTTP, TLS, JSON/XML, logging, subprocesses), and the debugger
# agent, which the end-to-end test uses to hold a JVM while it sends SIGTERM.
modules=java.base,java.logging,java.naming,java.net.http,java.sql,java.xml,java.management,jdk.unsupported,jdk.zipfs,jdk.crypto.ec,jdk.jdwp.agent

rm -rf "$work" "$layout"
mkdir -p "$work/rootfs"
[[ -z "$base_rootfs" ]] || cp -a "$base_rootfs"/. "$work/rootfs"/
mkdir -p "$work/rootfs/opt" "$work/rootfs/bin" "$work/rootfs/etc" "$work/rootfs/tmp"
if [[ -n "$tree" ]]; then
  # A cross link: --strip-debug would strip the arm64 libraries with this host's objcopy (Debian's
  # jlink), and --generate-cds-archive would run the arm64 JVM; the JVM runs without a default CDS.
  "$jdk/bin/jlink" --module-path "$tree/usr/lib/jvm/java-17-openjdk-arm64/jmods" --add-modules "$modules" \
    --strip-java-debug-attributes --no-man-pages --no-header-files --output "$work/rootfs/opt/java"
else
  available=$("$jdk/bin/java" --list-modules | sed 's/@.*//' | tr '\n' ,)
  selected=$(tr , '\n' <<<"$modules" | while read -r m; do [[ ",$available" == *",$m,"* ]] && printf '%s,' "$m"; done)
  "$jdk/bin/jlink" --add-modules "${selected%,}" --strip-debug --no-man-pages --no-header-files \
    --generate-cds-archive --output "$work/rootfs/opt/java"
fi

if [[ -n "$base_rootfs" ]]; then
  # The distribution brings glibc, /bin/sh and its users; add the platform's.
  grep -q '^massdriver:' "$work/rootfs/etc/passwd" \
    || echo 'massdriver:x:10001:10001:massdriver:/massdriver:/bin/sh' >>"$work/rootfs/etc/passwd"
  grep -q '^massdriver:' "$work/rootfs/etc/group" || echo 'massdriver:x:10001:' >>"$work/rootfs/etc/group"
else
  if [[ -n "$tree" ]]; then
    # The tree's glibc files the runtime needs (readelf: ldd cannot read another architecture's),
    # the dynamic loader, and their own needs, until nothing new is found.
    mkdir -p "$work/rootfs/lib/aarch64-linux-gnu"
    cp "$tree/lib/ld-linux-aarch64.so.1" "$work/rootfs/lib/"
    while true; do
      added=0
      for name in $(find "$work/rootfs" -type f \( -name '*.so*' -o -path '*/bin/*' \) -exec readelf -d {} + 2>/dev/null \
        | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | sort -u); do
        [[ -e "$work/rootfs/lib/aarch64-linux-gnu/$name" || -n $(find "$work/rootfs/opt/java" -name "$name") ]] && continue
        found=$(find "$tree/lib/aarch64-linux-gnu" "$tree/usr/lib/aarch64-linux-gnu" -name "$name" | head -1)
        [[ -n "$found" ]] || { echo "jre-base-image.sh: $name is not in $tree" >&2; exit 1; }
        cp -L "$found" "$work/rootfs/lib/aarch64-linux-gnu/$name"
        added=1
      done
      ((added)) || break
    done
    cp "$tree/bin/busybox" "$work/rootfs/bin/busybox"
  else
    # The glibc files the runtime links against, found with ldd (JDK 17 and 25 differ).
    find "$work/rootfs/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
      | xargs -0 ldd 2>/dev/null | grep -oE '/[^ ]+\.so[^ ]*' | sort -u \
      | while read -r lib; do
          [[ "$lib" == "$work"* ]] && continue
          real=$(readlink -f "$lib")
          mkdir -p "$work/rootfs$(dirname "$lib")"
          cp "$real" "$work/rootfs$lib"
        done

    cp /bin/busybox "$work/rootfs/bin/busybox"
  fi
  ln -s busybox "$work/rootfs/bin/sh"
  printf 'root:x:0:0:root:/root:/bin/sh\nmassdriver:x:10001:10001:massdriver:/massdriver:/bin/sh\n' \
    >"$work/rootfs/etc/passwd"
  printf 'root:x:0:\nmassdriver:x:10001:\n' >"$work/rootfs/etc/group"
  chmod 1777 "$work/rootfs/tmp"
  if [[ -d /usr/lib/locale/C.utf8 ]]; then
    mkdir -p "$work/rootfs/usr/lib/locale" && cp -r /usr/lib/locale/C.utf8 "$work/rootfs/usr/lib/locale/"
  fi
fi

# Pack the rootfs into an OCI image: one layer, fixed configuration.
umoci init --layout "$layout"
umoci new --image "$layout:$tag"
umoci unpack --image "$layout:$tag" "$work/bundle" >/dev/null
rm -rf "$work/bundle/rootfs"
mv "$work/rootfs" "$work/bundle/rootfs"
umoci repack --image "$layout:$tag" --no-history "$work/bundle"
umoci config --image "$layout:$tag" --no-history \
  --config.env "PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin" \
  --config.env "JAVA_HOME=/opt/java" --config.env "LANG=C.UTF-8" \
  --created 1970-01-01T00:00:00Z --os linux --architecture "$([[ -n "$tree" ]] && echo arm64 || echo amd64)"
umoci gc --layout "$layout"
