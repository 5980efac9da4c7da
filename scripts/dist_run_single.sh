#!/usr/bin/env bash
# Distributed training on this machine, as the reference's scripts/dist_run_single.sh:
#   scripts/dist_run_single.sh <num_workers> <task> <cfg> <out_dir> [vlbert train options...]
# <task> is pretrain, vqa, vcr or refcoco (or the reference's <task>/train_end2end.py).
# MASTER_PORT (default 29500) picks the rendezvous port. Re-run the same command after a failure to
# resume from the last checkpoint (TRAIN.AUTO_RESUME). See docs/distributed.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/scripts/_task_arg.sh"
if [[ $# -lt 4 ]]; then
  echo "usage: $0 <num_workers> <task> <cfg> <out_dir> [vlbert train options...]" >&2
  exit 2
fi
workers="$1"; task="$(task_of "$2")"; cfg="$3"; out="$4"; shift 4
exec "$here/bin/vlbert" launch --nproc-per-node "$workers" --master-port "${MASTER_PORT:-29500}" \
  train --task "$task" --cfg "$cfg" --out "$out" "$@"
