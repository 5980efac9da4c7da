# Sourced by the run scripts. The reference scripts took the training script (e.g.
# vqa/train_end2end.py) where ours take the task; accept both spellings.
task_of() {
  local t="${1#./}"
  t="${t%/train_end2end.py}"
  t="${t%/train.py}"
  t="${t##*/}"
  case "$t" in
    pretrain|vqa|vcr|refcoco) printf '%s\n' "$t" ;;
    *) echo "error: unknown task '$1': use pretrain, vqa, vcr or refcoco (or <task>/train_end2end.py)" >&2; return 2 ;;
  esac
}
