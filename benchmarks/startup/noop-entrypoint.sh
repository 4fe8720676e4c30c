#!/usr/bin/env bash
# The noop provisioner as a bash + jq entrypoint in the style of Massdriver's provisioner docs:
# the baseline scripts/bench-startup.sh measures examples/noop against. Run in the directory
# holding the five input files (the container's /massdriver), with MASSDRIVER_DEPLOYMENT_ACTION
# and MASSDRIVER_STEP_PATH set. It prints the same summary as examples/noop, and with
# config.debug_dump_inputs the secrets with their values replaced by *** (the Java SDK masks the
# raw file instead; a script has to know what to hide).
set -euo pipefail

case "$MASSDRIVER_DEPLOYMENT_ACTION" in
  plan) verb=Planning ;;
  provision) verb=Provisioning ;;
  decommission) verb=Decommissioning ;;
  *) echo "unknown action $MASSDRIVER_DEPLOYMENT_ACTION" >&2; exit 2 ;;
esac

name_prefix=$(jq -r '.md_metadata.name_prefix // "(no name prefix)"' params.json)
echo "$verb $name_prefix in step $MASSDRIVER_STEP_PATH — nothing will change, this is the noop provisioner"
echo "params: $(jq -r 'keys_unsorted | "[" + join(", ") + "]"' params.json)"
echo "connections: $(jq -r 'to_entries | map(.key + (if (.value | type) == "object" and (.value | has("data") or has("specs")) then " (legacy data/specs)" else " (flat)" end)) | "[" + join(", ") + "]"' connections.json)"
echo "config: $(jq -r 'keys_unsorted | "[" + join(", ") + "]"' config.json)"
echo "envs: $(jq -r 'keys_unsorted | "[" + join(", ") + "]"' envs.json)"
echo "secrets: $(jq -r 'keys_unsorted | "[" + join(", ") + "]"' secrets.json)"
echo "tags: $(jq -r '.md_metadata.default_tags // {} | to_entries | map("\(.key)=\(.value)") | "{" + join(", ") + "}"' params.json)"
if [[ $(jq -r '.debug_dump_inputs // false | tostring' config.json) == true ]]; then
  echo "secrets.json as a careless script would print it:"
  jq 'map_values("***")' secrets.json
fi
