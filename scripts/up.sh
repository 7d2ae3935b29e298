#!/usr/bin/env bash
# Runs `pulumi up` for one stack against the backend of `npm run pulumi` (a
# local one unless PULUMI_BACKEND_URL names another), so no Pulumi Cloud
# account is needed.
set -euo pipefail
stack="${1:?usage: npm run up -- <dev|prod> [pulumi up flags]}"
shift
# shellcheck source=scripts/pulumi.sh
source "$(dirname "$0")/pulumi.sh"
if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  echo "Set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE): it encrypts this stack's secrets in the local backend." >&2
  exit 2
fi
# Without a terminal nobody can answer the confirmation prompt: the CLI would refuse.
if [ ! -t 0 ] || [ ! -t 1 ]; then
  set -- --yes "$@"
fi
npx --no-install pulumi stack select --create "$stack" --non-interactive
npx --no-install pulumi up --stack "$stack" "$@"
