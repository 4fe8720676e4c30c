#!/usr/bin/env bash
# Shared pieces of the scripts that build and run images without a Docker engine
# (scripts/e2e-images.sh, scripts/image-cds.sh, scripts/bench-startup.sh, scripts/e2e-release.sh,
# scripts/e2e/ansible-image.sh): logging, Debian packages, the JDK to jlink, a registry on
# loopback, and runc bundles made from an image (scripts/e2e/container.sh runs them).
# Sourced, not run. The sourcing script sets: script_name, started (=$SECONDS) before sourcing,
# work (a directory under target/) before calling these; it gets registry (host:port) from
# start_registry, and cleanup() on EXIT.
: "${script_name:?}" "${started:?}"

log() { printf '[%s %3ds] %s\n' "$script_name" $((SECONDS - started)) "$*" >&2; }
fail() {
  printf '[%s] FAIL: %s\n' "$script_name" "$*" >&2
  exit 1
}
# Fails with the tail of a log, so that CI output shows the cause. Usage: fail_log LOG MESSAGE
fail_log() {
  tail -40 "$1" | sed 's/^/    | /' >&2 || true
  fail "$2; see $1"
}

# Installs the Debian packages of the given concerns (scripts/debian-packages.txt) when missing.
# Usage: ensure_packages CONCERN...; the apt log goes to $work/apt.log.
ensure_packages() {
  # shellcheck disable=SC2154 # work: set by the sourcing script
  bash "$(dirname "${BASH_SOURCE[0]}")/../install-packages.sh" "$@" >>"$work/apt.log" 2>&1 \
    || fail_log "$work/apt.log" "installing the Debian packages of ${*} failed"
}

pick_jdk() {
  if [[ -n "${E2E_JDK:-}" ]]; then
    echo "$E2E_JDK"
  elif [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/jlink ]]; then
    echo /usr/lib/jvm/temurin-25-jdk-amd64
  else
    dirname "$(dirname "$(readlink -f "$(command -v javac)")")"
  fi
}

registry_pid=
cleanup() {
  local id
  if [[ -d "$work/runc" ]]; then
    for id in $(runc --root "$work/runc" list -q 2>/dev/null); do
      runc --root "$work/runc" delete --force "$id" >/dev/null 2>&1 || true
    done
  fi
  if [[ -n "$registry_pid" ]]; then
    kill "$registry_pid" 2>/dev/null || true
    wait "$registry_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

# A registry on a free loopback port, with this project's config and storage under target/.
start_registry() {
  local attempt port
  mkdir -p "$work/registry"
  for attempt in 1 2 3 4 5; do
    port=$((20000 + (RANDOM * 7 + attempt) % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    cat >"$work/registry/config.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/registry/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
EOF
    docker-registry serve "$work/registry/config.yml" >"$work/registry/registry.log" 2>&1 &
    registry_pid=$!
    for _ in $(seq 1 100); do
      if curl -fsS -o /dev/null 2>/dev/null "http://127.0.0.1:$port/v2/"; then
        # shellcheck disable=SC2034 # registry: read by the sourcing script
        registry=127.0.0.1:$port
        return 0
      fi
      kill -0 "$registry_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$registry_pid" 2>/dev/null || true
    wait "$registry_pid" 2>/dev/null || true
    registry_pid=
  done
  fail_log "$work/registry/registry.log" "the registry did not start"
}

# Pulls an image from the registry (TLS verified when tls_verify=true) into an OCI layout and
# unpacks it as a runc bundle whose config.image.json is the image's runtime config, terminal off.
# Usage: unpack_bundle IMAGE_REF OCI_DIR BUNDLE_DIR
unpack_bundle() {
  local ref=$1 oci=$2 bundle=$3
  rm -rf "$bundle" "$oci"
  mkdir -p "$(dirname "$oci")" "$(dirname "$bundle")"
  skopeo copy -q --src-tls-verify="${tls_verify:-false}" "docker://$ref" "oci:$oci:image"
  umoci unpack --image "$oci:image" "$bundle" >/dev/null
  jq '.process.terminal = false' "$bundle/config.json" >"$bundle/config.image.json"
}

# Puts the inputs into a bundle's /massdriver as the platform's init step would (as 10001).
# Usage: populate_inputs BUNDLE_DIR SAMPLE_DIR
populate_inputs() {
  local md=$1/rootfs/massdriver
  find "$md" -mindepth 1 -delete
  cp -r "$2"/. "$md"/
  mkdir -p "$md/bundle/${step_path:-src}"
  # The platform writes config.json, compiled from the step's config block: a sample without one
  # gets it as the platform would make it (scripts/e2e/platform-config.py, the real jq).
  if [[ ! -f $md/config.json ]]; then
    python3 "$(dirname "${BASH_SOURCE[0]}")/platform-config.py" "$2" "${step_path:-src}" >"$md/config.json" \
      || fail "compiling the config block of $2/bundle/massdriver.yaml as the platform does failed"
  fi
  chown -R 10001:10001 "$md"/*
}

# The platform's environment for one run (the token is a fake the tests look for in the output;
# the step is $step_path, default src).
platform_token=e2e-massdriver-token-5c1f0a9e
# Checks a run's output: each TEXT is in OUT or ERR, and no line (8+ characters) of any value of
# SECRETS_FILE (a secrets.json), nor the platform's token, is in either.
# Usage: expect_output WHAT SECRETS_FILE OUT ERR TEXT...
expect_output() {
  local what=$1 secrets=$2 out=$3 err=$4 text line
  shift 4
  for text in "$@"; do
    grep -qF -- "$text" "$out" "$err" || fail "$what: output lacks '$text'; see $out and $err"
  done
  # The values first, so that a secrets file jq cannot read fails the check instead of checking
  # nothing; at least one value of 8+ characters besides the token must be there to look for.
  local values checked=0
  values=$(jq -r '.. | scalars | tostring' "$secrets") || fail "$what: cannot read the secrets in $secrets"
  while IFS= read -r line; do
    ((${#line} >= 8)) || continue
    checked=$((checked + 1))
    if grep -qF -- "$line" "$out" "$err"; then fail "$what: a secret from $secrets leaked"; fi
  done <<<"$values"
  ((checked > 0)) || fail "$what: $secrets holds no secret of 8+ characters to look for"
  if grep -qF -- "$platform_token" "$out" "$err"; then fail "$what: the platform's token leaked"; fi
}

# Usage: platform_env ACTION; prints NAME=VALUE lines.
platform_env() {
  printf '%s\n' "MASSDRIVER_DEPLOYMENT_ACTION=$1" "MASSDRIVER_STEP_PATH=${step_path:-src}" \
    MASSDRIVER_DEPLOYMENT_ID=e2e-deployment "MASSDRIVER_TOKEN=$platform_token" \
    MASSDRIVER_URL=https://api.massdriver.example MASSDRIVER_ORGANIZATION_ID=e2e \
    MASSDRIVER_INSTANCE_ID=e2e-instance MASSDRIVER_BUNDLE_NAME=e2e-bundle
}

# Writes a bundle's runtime config for one run: the image's config, the platform's environment
# plus EXTRA_ENV (NAME=VALUE words), no capabilities.
# Usage: runc_config BUNDLE ACTION ARGS_JSON [EXTRA_ENV...]
runc_config() {
  local bundle=$1 action=$2 args=$3 env
  shift 3
  env=$({
    platform_env "$action"
    if (($# > 0)); then printf '%s\n' "$@"; fi
  } | jq -R . | jq -cs .)
  local read_only=false
  [[ -f $bundle/read-only-root ]] && read_only=true
  jq --argjson args "$args" --argjson env "$env" --argjson readonly "$read_only" \
    --arg massdriver "$bundle/rootfs/massdriver" '
      .process.args = $args
      | .process.env += $env
      | .process.capabilities = {bounding: [], effective: [], inheritable: [], permitted: [], ambient: []}
      | .process.noNewPrivileges = true
      | if $readonly then
          .root.readonly = true
          | .mounts += [{destination: "/massdriver", type: "bind", source: $massdriver, options: ["rbind", "rw"]}]
        else . end' "$bundle/config.image.json" >"$bundle/config.json"
}

# A hardened pod's file system for BUNDLE's later runs: the root file system read-only, only
# /massdriver writable, no writable /tmp (on), or the image's own (off).
# Usage: read_only_root BUNDLE on|off
read_only_root() {
  case $2 in
    on) : >"$1/read-only-root" ;;
    off) rm -f "$1/read-only-root" ;;
    *) fail "read_only_root: on or off, not $2" ;;
  esac
}
