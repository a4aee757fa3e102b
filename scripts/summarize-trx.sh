#!/usr/bin/env bash
# Adds up the counters of every .trx file under $1 and prints "N passed, N failed, N skipped".
set -euo pipefail
dir="${1:?results directory}"
passed=0; failed=0; skipped=0
shopt -s nullglob globstar
for f in "$dir"/**/*.trx; do
  line=$(grep -o '<Counters [^>]*>' "$f" | head -n1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$line"); p=${p:-0}
  fl=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$line"); fl=${fl:-0}
  total=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$line"); total=${total:-0}
  executed=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$line"); executed=${executed:-0}
  passed=$((passed + p)); failed=$((failed + fl)); skipped=$((skipped + total - executed))
done
echo "$passed passed, $failed failed, $skipped skipped"
