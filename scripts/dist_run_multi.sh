#!/usr/bin/env bash
# Distributed training on several machines, as the reference's scripts/dist_run_multi.sh. Run it on
# every machine with its own <machine_rank> (0 on the machine at <master_addr>):
#   scripts/dist_run_multi.sh <num_machines> <machine_rank> <master_addr> <workers_per_machine> <task> <cfg> <out_dir> [vlbert train options...]
# <task> is pretrain, vqa, vcr or refcoco (or <task>/train_end2end.py). MASTER_PORT (default 29500)
# must be free on the master. Checkpoints are written by rank 0, i.e. into <out_dir> on the master.
# See docs/distributed.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/scripts/_task_arg.sh"
if [[ $# -lt 7 ]]; then
  echo "usage: $0 <num_machines> <machine_rank> <master_addr> <workers_per_machine> <task> <cfg> <out_dir> [vlbert train options...]" >&2
  exit 2
fi
machines="$1"; machine_rank="$2"; master="$3"; workers="$4"; task="$(task_of "$5")"; cfg="$6"; out="$7"; shift 7
exec "$here/bin/vlbert" launch --nnodes "$machines" --node-rank "$machine_rank" --master-addr "$master" \
  --master-port "${MASTER_PORT:-29500}" --nproc-per-node "$workers" \
  train --task "$task" --cfg "$cfg" --out "$out" "$@"
