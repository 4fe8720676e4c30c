#!/usr/bin/env bash
# Compiles posix.c into the SDK's JNI library for each Linux architecture that can be built here,
# into OUTPUT/dev/provisionersdk/internal/os/linux-<arch>/libprovisionersdk-posix.so (the resource
# JniPosix loads). Run by Maven in process-classes (sdk/pom.xml).
# Usage: build.sh OUTPUT JAVA_HOME REQUIRED
#   REQUIRED: "host" (the host's architecture must build; another one is built when its cross
#   compiler and C library headers are installed, else skipped with one warning line: that
#   architecture then falls back to plain-Java masking) or "all" (releases: every architecture
#   must be built; scripts/install-packages.sh native-cross installs what that needs).
# The flags make the library reproducible (no paths, no timestamps, a build id derived from the
# content) and small (stripped); -Werror keeps it warning-free.
set -euo pipefail
output=$1 java_home=$2 required=$3
source_file=$(cd "$(dirname "$0")" && pwd)/posix.c
include=$java_home/include
[[ -f $include/jni.h ]] || { echo "build.sh: no jni.h under $include (JAVA_HOME=$java_home)" >&2; exit 1; }
[[ $required == host || $required == all ]] || { echo "build.sh: REQUIRED is host or all, not '$required'" >&2; exit 1; }

# Usage: compile ARCH COMPILER LOG; the compiler's messages go to LOG.
compile() {
  local arch=$1 compiler=$2 log=$3 directory=$output/dev/provisionersdk/internal/os/linux-$1
  mkdir -p "$directory"
  "$compiler" -std=c11 -D_GNU_SOURCE -O2 -fPIC -shared -s -Wall -Wextra -Werror \
    -fno-ident -ffile-prefix-map="$(dirname "$source_file")"=. -Wl,--build-id=sha1 \
    -I"$include" -I"$include/linux" -o "$directory/libprovisionersdk-posix.so" "$source_file" >"$log" 2>&1
}

host=$(uname -m)
built=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for arch in x86_64 aarch64; do
  compiler=$arch-linux-gnu-gcc
  [[ $arch == "$host" ]] && compiler=${CC:-gcc}
  needed=0
  [[ $arch == "$host" || $required == all ]] && needed=1
  if ! command -v "$compiler" >/dev/null; then
    if ((needed)); then
      echo "build.sh: no C compiler for linux-$arch ($compiler): install it (Debian: gcc for the host;" \
        "scripts/install-packages.sh native-cross for a release), or build with -Dnative.skip (CONTRIBUTING.md)" >&2
      exit 1
    fi
    echo "build.sh: linux-$arch skipped ($compiler is not installed): a run there masks the Java streams only" >&2
  elif compile "$arch" "$compiler" "$log"; then
    built=$((built + 1))
  elif ((needed)); then
    cat "$log" >&2
    echo "build.sh: compiling the JNI library for linux-$arch with $compiler failed (above); for a cross" \
      "build, scripts/install-packages.sh native-cross installs the compiler with its C library headers" >&2
    exit 1
  else
    rm -rf "$output/dev/provisionersdk/internal/os/linux-$arch"
    echo "build.sh: linux-$arch skipped ($compiler failed: $(grep -m1 -i 'error' "$log" || head -1 "$log")):" \
      "a run there masks the Java streams only" >&2
  fi
done
echo "build.sh: built the JNI library for $built architecture(s)"
