#!/usr/bin/env bash
# Installs the system packages the tests drive for real (browser, database, cluster tools).
# Idempotent and quiet when everything is already there. Each need is listed with the test that uses it.
set -euo pipefail

need=()
# (entries are added as the tests that need them land)
# Sluice.Board.Tests: the dashboard's browser tests drive Debian's headless Chromium through Playwright.
need+=(chromium fonts-dejavu-core)
# Sluice.Jobs.Tests: the job store contract tests run against a real PostgreSQL (scripts/start-postgres.sh), and the
# Slurm backend tests against a single-node Slurm (scripts/start-slurm.sh).
need+=(postgresql slurm-wlm munge)

missing=()
for pkg in "${need[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing test dependencies: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
