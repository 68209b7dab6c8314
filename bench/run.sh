#!/usr/bin/env bash
# Runs one benchmark main from daemon/src/test/java/dev/magpie/bench (or a full class name) on the test classpath.
# Usage: bench/run.sh GlueOverheadBench [args...]
# Models and datasets are read from ../shared (or MAGPIE_MODEL_PATH / MAGPIE_DATASETS); nothing is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: bench/run.sh BenchClass [args...]}
shift
[[ $name == *.* ]] || name="dev.magpie.bench.$name"
mvn -q -B -Dstyle.color=never -pl daemon -am test-compile -DskipTests >/dev/null
cp_file=daemon/target/bench-classpath.txt
mvn -q -B -Dstyle.color=never -pl daemon dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
exec java -Xmx512m -cp "daemon/target/classes:daemon/target/test-classes:$(cat "$cp_file")" "$name" "$@"
