#!/usr/bin/env bash
# Installs the Debian packages of the given concerns (scripts/debian-packages.txt, the only list)
# that are not installed yet: apt-get update once, then apt-get install --no-install-recommends,
# with services kept off (docker-registry's package would start a registry with its default
# config). Concurrent calls wait for each other. Needs root when anything is missing; else it
# fails saying what to install.
# Usage: scripts/install-packages.sh CONCERN...   (--list CONCERN... prints the packages only)
set -euo pipefail
list=$(dirname "$0")/debian-packages.txt
say() { printf '[install-packages] %s\n' "$*" >&2; }
only_list=0
if [[ ${1:-} == --list ]]; then
  only_list=1
  shift
fi
(($# > 0)) || { say "usage: $0 [--list] CONCERN... (concerns: $(sed -n 's/^\([a-z0-9-]*\):.*/\1/p' "$list" | tr '\n' ' '))"; exit 2; }

packages=()
for concern in "$@"; do
  line=$(grep -E "^$concern:" "$list" || true)
  [[ -n $line ]] || { say "no concern '$concern' in $list"; exit 2; }
  read -ra named <<<"${line#*:}"
  packages+=("${named[@]}")
done
if ((only_list)); then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

missing_packages() {
  local p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}
mapfile -t missing < <(missing_packages)
((${#missing[@]} == 0)) && exit 0
[[ $(id -u) == 0 ]] || { say "missing ${missing[*]}; install them as root: apt-get install --no-install-recommends ${missing[*]}"; exit 1; }

# One installer at a time (CI runs stages concurrently); the second finds the packages installed.
exec 9>/var/lock/provisioner-sdk-install-packages.lock
flock 9
mapfile -t missing < <(missing_packages)
((${#missing[@]} == 0)) && exit 0
say "installing ${missing[*]}"
policy=/usr/sbin/policy-rc.d
# shellcheck disable=SC2034 # read by the EXIT trap
made_policy=0
if [[ ! -e $policy ]]; then
  # shellcheck disable=SC2034 # read by the EXIT trap
  printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
fi
trap 'if ((made_policy)); then rm -f "$policy"; fi' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq -o DPkg::Lock::Timeout=300
apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}"
mapfile -t still < <(missing_packages)
((${#still[@]} == 0)) || { say "still missing after apt-get install: ${still[*]}"; exit 1; }
