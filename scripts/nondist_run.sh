#!/usr/bin/env bash
# Single-process training, as the reference's scripts/nondist_run.sh:
#   scripts/nondist_run.sh <task> <cfg> <out_dir> [vlbert train options...]
# <task> is pretrain, vqa, vcr or refcoco (or <task>/train_end2end.py).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/scripts/_task_arg.sh"
if [[ $# -lt 3 ]]; then
  echo "usage: $0 <task> <cfg> <out_dir> [vlbert train options...]" >&2
  exit 2
fi
task="$(task_of "$1")"; cfg="$2"; out="$3"; shift 3
exec "$here/bin/vlbert" train --task "$task" --cfg "$cfg" --out "$out" "$@"
