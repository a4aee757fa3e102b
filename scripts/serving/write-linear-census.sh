#!/usr/bin/env bash
# Writes a census-shaped linear-model.json bundle (13 raw inputs, binary head) with its manifest into $1.
# Used by the serving load test when no estimator export is given.
set -euo pipefail
dir="$1"; mkdir -p "$dir"
cat > "$dir/linear-model.json" <<'JSON'
{"head": "binary", "classLabels": ["<=50K", ">50K"],
 "inputs": [
  {"name": "age", "kind": "float32"}, {"name": "workclass", "kind": "string"}, {"name": "education", "kind": "string"},
  {"name": "education_num", "kind": "float32"}, {"name": "marital_status", "kind": "string"}, {"name": "occupation", "kind": "string"},
  {"name": "relationship", "kind": "string"}, {"name": "race", "kind": "string"}, {"name": "gender", "kind": "string"},
  {"name": "capital_gain", "kind": "float32"}, {"name": "capital_loss", "kind": "float32"}, {"name": "hours_per_week", "kind": "float32"},
  {"name": "native_country", "kind": "string"}],
 "bias": [-6.0],
 "numeric": {"age": [0.03], "education_num": [0.3], "capital_gain": [0.0003], "capital_loss": [0.0002], "hours_per_week": [0.02]},
 "categorical": {"marital_status": {"Married-civ-spouse": [1.5], "Never-married": [-0.5]},
                 "relationship": {"Husband": [0.5], "Own-child": [-1.0]},
                 "workclass": {"Self-emp-inc": [0.6], "Private": [0.1]},
                 "occupation": {"Exec-managerial": [0.8], "Machine-op-inspct": [-0.4]}}}
JSON
sha=$(sha256sum "$dir/linear-model.json" | cut -d' ' -f1)
printf '{"files": {"linear-model.json": "%s"}}\n' "$sha" > "$dir/manifest.json"
