#!/usr/bin/env bash
# Compiles posix.c into the SDK's JNI library for each Linux architecture that has a C compiler
# here, into OUTPUT/dev/provisionersdk/internal/os/linux-<arch>/libprovisionersdk-posix.so (the
# resource JniPosix loads). Run by Maven in process-classes (sdk/pom.xml).
# Usage: build.sh OUTPUT JAVA_HOME REQUIRED
#   REQUIRED: "host" (a build without the other architecture's cross compiler is fine: that
#   architecture falls back to the FFM implementation on JDK 22+) or "all" (releases: every
#   architecture must be built).
# The flags make the library reproducible (no paths, no timestamps, a build id derived from the
# content) and small (stripped); -Werror keeps it warning-free.
set -euo pipefail
output=$1 java_home=$2 required=$3
source_file=$(cd "$(dirname "$0")" && pwd)/posix.c
include=$java_home/include
[[ -f $include/jni.h ]] || { echo "build.sh: no jni.h under $include (JAVA_HOME=$java_home)" >&2; exit 1; }

compile() { # ARCH COMPILER
  local arch=$1 compiler=$2 directory=$output/dev/provisionersdk/internal/os/linux-$1
  mkdir -p "$directory"
  "$compiler" -std=c11 -D_GNU_SOURCE -O2 -fPIC -shared -s -Wall -Wextra -Werror \
    -fno-ident -ffile-prefix-map="$(dirname "$source_file")"=. -Wl,--build-id=sha1 \
    -I"$include" -I"$include/linux" -o "$directory/libprovisionersdk-posix.so" "$source_file"
}

host=$(uname -m)
built=0
for arch in x86_64 aarch64; do
  compiler=$arch-linux-gnu-gcc
  if [[ $arch == "$host" ]]; then
    compiler=${CC:-gcc}
  fi
  if command -v "$compiler" >/dev/null; then
    compile "$arch" "$compiler"
    built=$((built + 1))
  elif [[ $arch == "$host" || $required == all ]]; then
    echo "build.sh: no C compiler for linux-$arch ($compiler): install gcc (Debian: gcc," \
      "gcc-aarch64-linux-gnu, gcc-x86-64-linux-gnu), or see CONTRIBUTING.md" >&2
    exit 1
  else
    echo "build.sh: linux-$arch not built ($compiler not installed): JDK 22+ falls back to FFM there" >&2
  fi
done
echo "build.sh: built the JNI library for $built architecture(s)"
