#!/usr/bin/env bash
# Runs every test of the project: unit tests (Surefire), integration tests (Failsafe) and the
# formatting check, for every module.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -ntp verify "$@"
