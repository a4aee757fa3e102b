#!/usr/bin/env bash
# Installs what the benchmarks compare against (never a runtime dependency of Sluice):
#   libopenblas0-pthread  the OpenBLAS baseline of the `gemm` suite, loaded through P/Invoke by the benchmark only.
# Idempotent and quiet when everything is already there.
set -euo pipefail

need=(libopenblas0-pthread)

missing=()
for pkg in "${need[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing benchmark dependencies: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
