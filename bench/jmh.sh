#!/usr/bin/env bash
# Runs the JMH micro-benchmarks of the engine (src/test/java/org/mnistnn/engine/bench).
# Usage: bench/jmh.sh [JMH arguments]   e.g. bench/jmh.sh StepBenchmark.fast -p batch=16
# With no arguments it runs every benchmark (about 5 minutes). They are not tests: `mvn verify`
# compiles them but never runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/jmh-classpath.txt \
  -Dmdep.includeScope=test >/dev/null
cp="target/test-classes:target/classes:$(cat target/jmh-classpath.txt)"
exec java --add-modules jdk.incubator.vector -cp "$cp" org.openjdk.jmh.Main "$@"
