#!/usr/bin/env bash
# Quickstart on a fresh machine (JDK 17 + Maven): build, generate the synthetic demo data, train the
# tiny VQA config on CPU (validation accuracy each epoch), all under ./runs/.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
bin/vlbert data demo --out runs/demo-data
bin/vlbert train --cfg cfgs/vqa/demo_tiny.yaml --out runs/demo-vqa "$@"
