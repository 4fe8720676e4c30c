#!/usr/bin/env bash
# Makes a tree of Debian's arm64 packages that an arm64 JRE base image is built from, offline
# but for Debian's mirror and without an arm64 machine: the JDK's jmods (for a cross jlink), glibc,
# zlib, libgcc, libstdc++ and a static busybox (/bin/sh). The packages are fetched by name alone
# (no dependencies, nothing installed or configured: dpkg-deb -x), with a private apt
# configuration, so the host's apt and dpkg are untouched (no dpkg --add-architecture).
# Usage: arm64-tree.sh TREE_DIR WORK_DIR   (WORK_DIR: apt's lists and the .deb files)
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian), DEBIAN_SUITE (default
# bookworm; its -security suite too).
set -euo pipefail
tree=$1 cache=$2
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=${DEBIAN_SUITE:-bookworm}
packages=(openjdk-17-jdk-headless libc6 zlib1g libgcc-s1 libstdc++6 busybox-static)

apt=$cache/apt
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
: >"$apt/status"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
printf 'deb [arch=arm64 signed-by=%s] %s %s main\n' "$keyring" "$mirror" "$suite" >"$apt/sources.list"
printf 'deb [arch=arm64 signed-by=%s] %s-security %s-security main\n' "$keyring" "${mirror%/debian}/debian" "$suite" \
  >>"$apt/sources.list"
options=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o "Dir::State::status=$apt/status"
  -o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o APT::Sandbox::User=root)
apt-get -qq "${options[@]}" update
rm -rf "$cache/debs" "$tree"
mkdir -p "$cache/debs" "$tree"
(cd "$cache/debs" && apt-get -qq "${options[@]}" download "${packages[@]}")
for deb in "$cache"/debs/*.deb; do
  dpkg-deb -x "$deb" "$tree"
done
[[ -d $tree/usr/lib/jvm/java-17-openjdk-arm64/jmods ]] || { echo "arm64-tree.sh: no arm64 jmods in $tree" >&2; exit 1; }
