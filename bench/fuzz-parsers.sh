#!/bin/bash
# Fuzzes every parser of fuzzprof for real with Jazzer (tracers' ParserFuzzTest, one @FuzzTest
# per JVM, as jazzer-junit fuzzes one at a time): DURATION in all (default 1h), split evenly.
# A finding is written by Jazzer into tracers/src/test/resources/dev/fuzzprof/parse/
# ParserFuzzTestInputs/METHOD/ and so becomes a regression input of every later test run.
# Prints, per method, the runs, the coverage reached and what was found.
# Usage: bench/fuzz-parsers.sh [SECONDS]
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
total=${1:-3600}
methods=(traces aflFiles libFuzzerLogs perfOutput procFiles)
each=$((total / ${#methods[@]}))
inputs="$here/tracers/src/test/resources/dev/fuzzprof/parse/ParserFuzzTestInputs"
cd "$here"
mvn -q -B -o install -DskipTests >/dev/null || exit 1
for m in "${methods[@]}"; do
  before=$(ls "$inputs/$m" | wc -l)
  log=$(mktemp)
  JAZZER_FUZZ=1 timeout -s INT "$each" mvn -B -o -pl tracers surefire:test \
    -Dtest="ParserFuzzTest#$m" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1
  status=$?
  runs=$(grep -oE '^#[0-9]+' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1)
  after=$(ls "$inputs/$m" | wc -l)
  found=$(grep -cE "== Java Exception|FuzzerSecurityIssue|Uncaught exception" "$log")
  echo "$m: ${each}s, runs ${runs:-?}, ${cov:-cov ?}, exceptions found: $found, new regression inputs: $((after - before)) (exit $status)"
  grep -m3 -A3 "== Java Exception" "$log"
  rm -f "$log"
done
