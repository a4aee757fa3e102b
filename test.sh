#!/usr/bin/env bash
# Runs the whole Sluice test suite on a fresh machine that has only the .NET SDK.
# It first installs what the tests need (scripts/install-test-deps.sh), then builds and runs every test project.
set -euo pipefail
cd "$(dirname "$0")"

bash scripts/install-test-deps.sh

dotnet build Sluice.slnx -c Release --nologo -v minimal
results="$(pwd)/artifacts/test-results"
rm -rf "$results"
status=0
dotnet test Sluice.slnx -c Release --no-build --nologo \
  --logger "trx" --results-directory "$results" "$@" || status=$?
DOTNET_EnableHWIntrinsic=0 dotnet test tests/Sluice.Kernels.Tests -c Release --no-build --nologo --logger "trx;LogFileName=kernels-without-simd.trx" --results-directory "$results" "$@" || status=$?  # scalar fallbacks vs naive twins

# One plain closing line across all test projects: "N passed, N failed, N skipped".
bash scripts/summarize-trx.sh "$results"
exit $status
