#!/usr/bin/env bash
# Quickstart on a fresh machine (JDK 17 + Maven): build, generate the synthetic demo data, train the
# tiny VQA config on CPU (validation accuracy each epoch), score the best checkpoint with the
# official VQA evaluation on the val split, write the EvalAI-format test results, export an ONNX
# inference package and ask it one question. All output
# goes under ./runs/. Extra arguments are passed to 'vlbert train' (e.g. --set TRAIN.END_EPOCH=3).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
bin/vlbert data demo --out runs/demo-data
bin/vlbert train --cfg cfgs/vqa/demo_tiny.yaml --out runs/demo-vqa "$@"
bin/vlbert data export-vqa-json --samples runs/demo-data/vqa_val.arrow --out runs/demo-json
bin/vlbert val --cfg cfgs/vqa/demo_tiny.yaml --ckpt runs/demo-vqa \
  --questions runs/demo-json/vqa_val_questions.json --annotations runs/demo-json/vqa_val_annotations.json
bin/vlbert test --cfg cfgs/vqa/demo_tiny.yaml --ckpt runs/demo-vqa --result-path runs/demo-test
bin/vlbert export --cfg cfgs/vqa/demo_tiny.yaml --ckpt runs/demo-vqa --out runs/demo-package
bin/vlbert predict --package runs/demo-package --features runs/demo-data/regions.arrow --image-id 567 \
  --question "what shape is the cyan object?" --top-k 3
