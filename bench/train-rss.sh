#!/usr/bin/env bash
# Peak resident memory of `magpie train` on the largest shared dataset, cold (nothing cached) and warm (a retrain
# from cached embeddings), at the heap limit the systemd unit uses. Prints GNU time's "Maximum resident set size".
# Usage: bench/train-rss.sh [XMX] (default 256m); needs the x86_64 jar (mvn -q -B package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
xmx=${1:-256m}
export MAGPIE_MODEL_PATH=${MAGPIE_MODEL_PATH:-$(cd ../shared/models && pwd)}
dataset=${MAGPIE_DATASETS:-$(cd ../shared/datasets && pwd)}/trashnet-subset
jar=daemon/target/magpie-linux-x86_64.jar
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install time"; exit 1; }
for label in "$dataset"/*/; do
    java -Xmx$xmx -jar "$jar" --data-dir "$data" import --label "$(basename "$label")" "$label" | tail -n 1
done
echo "dataset: $(basename "$dataset"), $(find "$dataset" -type f -name '*.jpg' | wc -l) photos; java -Xmx$xmx"
for run in cold warm; do
    /usr/bin/time -v java -Xmx$xmx -jar "$jar" --data-dir "$data" train --promote 2>"$data/time.txt" | head -n 1
    grep -E "Maximum resident|Elapsed" "$data/time.txt" | sed "s/^\s*/  $run: /"
done
