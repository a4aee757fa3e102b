#!/usr/bin/env bash
# The serving peer for scripts/bench-serving.sh: the FastAPI + PyTorch census wide & deep server of
# /work/shared/peers (serve/server_fastapi.py), in its fastest recorded setup (uvicorn on uvloop + httptools,
# `async def` handler, 1 worker, 1 torch thread). Bench-only: Debian python3 packages, never a Sluice dependency.
#
#   scripts/serving/peer-fastapi.sh <peer dir> <work dir> <port>     starts it in the background, prints its PID
#
# The peer's files are copied into <work dir> (nothing is written to the peer dir). Its model is the peer's
# WideDeep("wide_deep") with its own initialisation, saved untrained: serving cost does not depend on the weights,
# and training it (peers/census_torch.py) takes minutes.
set -euo pipefail
peer_dir="$1"; work="$2"; port="$3"
py=/usr/bin/python3

need=(python3-numpy python3-torch python3-fastapi python3-uvicorn python3-uvloop python3-httptools)
missing=()
for pkg in "${need[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing the serving peer's Debian packages: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for f in census_data.py census_model.py serve/server_fastapi.py; do
  [ -f "$peer_dir/$f" ] || { echo "peer file $peer_dir/$f is missing (--peer-dir)" >&2; exit 1; }
done
mkdir -p "$work/peer/serve" "$work/peer/models"
cp "$peer_dir/census_data.py" "$peer_dir/census_model.py" "$work/peer/"
cp "$peer_dir/serve/server_fastapi.py" "$work/peer/serve/"
(cd "$work/peer" && "$py" -c '
import torch, census_model
torch.manual_seed(0)
torch.save({"kind": "wide_deep", "state_dict": census_model.WideDeep("wide_deep").state_dict()}, "models/census_wide_deep.pt")')

(cd "$work/peer" && PREDICT_ASYNC=1 TORCH_THREADS=1 CENSUS_MODEL="$work/peer/models/census_wide_deep.pt" \
  exec "$py" -m uvicorn --app-dir serve server_fastapi:app --host 127.0.0.1 --port "$port" --no-access-log \
  --log-level warning --workers 1 --loop uvloop --http httptools > "$work/peer.log" 2>&1) &
echo $!
