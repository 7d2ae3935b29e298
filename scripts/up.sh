#!/usr/bin/env bash
# Runs `pulumi up` for one stack with a local state backend unless
# PULUMI_BACKEND_URL names another, so no Pulumi Cloud account is needed.
set -euo pipefail
stack="${1:?usage: npm run up -- <dev|prod> [pulumi up flags]}"
shift
cd "$(dirname "$0")/.."
if [ -z "${PULUMI_BACKEND_URL:-}" ]; then
  mkdir -p .pulumi
  export PULUMI_BACKEND_URL="file://$PWD/.pulumi"
fi
if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  echo "Set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE): it encrypts this stack's secrets in the local backend." >&2
  exit 2
fi
npx pulumi stack select --create "$stack" --non-interactive
npx pulumi up --stack "$stack" "$@"
