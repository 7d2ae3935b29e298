#!/usr/bin/env bash
# `npm run pulumi -- <args>`: the project's Pulumi CLI (package.json's version)
# against the same state backend as `npm run up`: the local one under .pulumi/
# unless PULUMI_BACKEND_URL names another. Sourced by up.sh for that setting.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -z "${PULUMI_BACKEND_URL:-}" ]; then
  mkdir -p .pulumi
  export PULUMI_BACKEND_URL="file://$PWD/.pulumi"
fi
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  exec npx --no-install pulumi "$@"
fi
