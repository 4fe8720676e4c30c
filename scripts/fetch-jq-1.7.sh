#!/usr/bin/env bash
# Fetches Debian 13 (trixie)'s jq 1.7.1 with its libraries (libjq1, libonig5, and libc6: it needs
# glibc 2.38, Debian 12 has 2.36) and unpacks them into
# DEST (default sdk/target/jq-1.7.1), without installing anything or changing the machine's apt
# sources: a private apt configuration under DEST/apt adds trixie only for this download.
# Prints the path of DEST/jq, a wrapper that runs trixie's jq through trixie's own dynamic loader
# and libraries, so nothing of the machine's libc is mixed in. Used by the SDK's jq differential test (JqDifferentialIT).
# Idempotent: an existing DEST/jq from the 1.7.1 package that runs is reused.
set -euo pipefail
dest=${1:-$(cd "$(dirname "$0")/.." && pwd)/sdk/target/jq-1.7.1}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
# Debian's build of 1.7.1 answers "jq-1.7" to --version; the package version is the check.
if [[ -x "$dest/jq" && -f "$dest/version" ]] && [[ "$(cat "$dest/version")" == 1.7.1-* ]] &&
  [[ "$(echo '[1,2]' | "$dest/jq" -c 'add' 2>/dev/null)" == 3 ]]; then
  echo "$dest/jq"
  exit 0
fi
command -v apt-get >/dev/null || { echo "fetch-jq-1.7: apt-get not found (not a Debian machine)" >&2; exit 3; }
command -v dpkg-deb >/dev/null || { echo "fetch-jq-1.7: dpkg-deb not found" >&2; exit 3; }
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[[ -r "$keyring" ]] || { echo "fetch-jq-1.7: $keyring not found (package debian-archive-keyring)" >&2; exit 3; }
apt="$dest/apt"
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/etc/preferences.d" "$dest/debs"
cat >"$apt/sources.list" <<SOURCES
deb [signed-by=$keyring] http://deb.debian.org/debian trixie main
SOURCES
: >"$apt/etc/preferences"
options=(
  -o "Dir::Etc::SourceList=$apt/sources.list"
  -o "Dir::Etc::SourceParts=$apt/etc/none.d"
  -o "Dir::Etc::Preferences=$apt/etc/preferences"
  -o "Dir::Etc::PreferencesParts=$apt/etc/preferences.d"
  -o "Dir::State::Lists=$apt/lists"
  -o "Dir::State::status=/dev/null"
  -o "Dir::Cache=$apt/cache"
  -o "APT::Architecture=amd64"
  -o "Debug::NoLocking=true"
  -o "Acquire::Retries=2"
  -o "APT::Sandbox::User=root"
)
mkdir -p "$apt/etc/none.d"
if ! apt-get -q "${options[@]}" update >"$apt/update.log" 2>&1; then
  echo "fetch-jq-1.7: apt-get update of trixie failed (no network to the Debian mirror?):" >&2
  tail -5 "$apt/update.log" >&2
  exit 3
fi
(cd "$dest/debs" && apt-get -q "${options[@]}" download jq libjq1 libonig5 libc6 >"$apt/download.log" 2>&1) || {
  echo "fetch-jq-1.7: apt-get download jq libjq1 libonig5 libc6 from trixie failed:" >&2
  tail -5 "$apt/download.log" >&2
  exit 3
}
rm -rf "$dest/root"
for deb in "$dest"/debs/*.deb; do
  dpkg-deb -x "$deb" "$dest/root"
done
cat >"$dest/jq" <<WRAPPER
#!/bin/sh
exec "$dest/root/usr/lib64/ld-linux-x86-64.so.2" --library-path "$dest/root/usr/lib/x86_64-linux-gnu" "$dest/root/usr/bin/jq" "\$@"
WRAPPER
chmod +x "$dest/jq"
version=$(dpkg-deb -f "$dest"/debs/jq_*.deb Version)
if [[ "$version" != 1.7.1-* ]]; then
  echo "fetch-jq-1.7: trixie's jq package is version '$version', expected 1.7.1-*" >&2
  exit 3
fi
if [[ "$(echo '[1,2]' | "$dest/jq" -c 'add' 2>&1)" != 3 ]]; then
  echo "fetch-jq-1.7: the unpacked jq does not run: $(echo '[1,2]' | "$dest/jq" -c add 2>&1 | head -3)" >&2
  exit 3
fi
echo "$version" >"$dest/version"
echo "$dest/jq"
