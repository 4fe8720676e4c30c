#!/usr/bin/env bash
# Runs every test of the project: unit tests (Surefire), integration tests (Failsafe), the
# archetype's integration tests, the javadoc check and the formatting check, for every module; then
# the release test (scripts/e2e-release.sh: signed bundle, file repository, reproducibility, the
# newcomer path; docs/releasing.md), the end-to-end image test (scripts/e2e-images.sh: needs root,
# installs its Debian packages when missing), the pulumi-wrapper image's layout check
# (scripts/e2e/pulumi-image.sh) and the ansible-playbook image's end-to-end run on a base with
# ansible-core made offline (scripts/e2e/ansible-image.sh).
# SKIP_RELEASE_E2E=1 leaves out the release test, SKIP_IMAGE_E2E=1 the image tests.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
# shellcheck source=build-jdk.sh
source scripts/build-jdk.sh

./mvnw -B -ntp verify "$@"
if [[ "${SKIP_RELEASE_E2E:-0}" == 1 ]]; then
  echo "[test-all] SKIP_RELEASE_E2E=1: release end-to-end test skipped" >&2
else
  bash scripts/e2e-release.sh
fi
if [[ "${SKIP_IMAGE_E2E:-0}" == 1 ]]; then
  echo "[test-all] SKIP_IMAGE_E2E=1: image end-to-end test skipped" >&2
else
  bash scripts/e2e-images.sh
  bash scripts/e2e/pulumi-image.sh
  bash scripts/e2e/ansible-image.sh
fi
echo "[test-all] all tests passed in $((SECONDS - started)) s" >&2
