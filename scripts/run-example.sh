#!/usr/bin/env bash
# Builds the noop example (if needed) and runs it locally on its shipped sample inputs.
# Usage: scripts/run-example.sh [plan|provision|decommission] [more local-runner options]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=build-jdk.sh
source scripts/build-jdk.sh

action="${1:-plan}"
shift || true

jar=examples/noop/target/noop-provisioner.jar
if [[ ! -f "$jar" || -n "$(find sdk/src examples/noop/src examples/noop/pom.xml sdk/pom.xml pom.xml -newer "$jar" -print -quit)" ]]; then
  ./mvnw -B -q -pl examples/noop -am -DskipTests -Dspotless.check.skip=true package
fi

exec java -jar "$jar" "$action" --inputs examples/noop/sample --step src \
  --env MASSDRIVER_INSTANCE_ID=ecomm-prod-api "$@"
