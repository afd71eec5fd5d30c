#!/usr/bin/env bash
# Long run of the reader fuzz tests (ReaderFuzzTest for .npy/.npz, IdxFuzzTest for IDX): the same
# tests `mvn verify` runs for a few seconds, with many more iterations and one seed per round.
#
#   scripts/fuzz-readers.sh [iterations-per-round] [rounds] [first-seed]
#
# Defaults: 100000 iterations, 4 rounds, seeds from the current time. A failure prints the seed,
# the iteration and the mutations; npy/npz inputs are kept under tensor/target/fuzz-failures/.
# Re-run one with: mvn -B -o -pl tensor verify -Dtest=ReaderFuzzTest -Dricci.fuzz.seed=S -Dricci.fuzz.iterations=N
set -euo pipefail
cd "$(dirname "$0")/.."
iterations=${1:-100000}
rounds=${2:-4}
seed=${3:-$(date +%s)}
for ((r = 0; r < rounds; r++)); do
  s=$((seed + r))
  echo "== round $((r + 1))/$rounds: seed $s, $iterations iterations per format"
  mvn -B -q -o -pl nn -am verify -Dtest='ReaderFuzzTest,IdxFuzzTest' -Dsurefire.failIfNoSpecifiedTests=false \
    -Dricci.fuzz.seed="$s" -Dricci.fuzz.iterations="$iterations" 2>&1 | grep -E 'fuzz:|FAIL|ERROR|Assertion' || true
  if grep -lq -E '(Failures|Errors): [1-9]' tensor/target/surefire-reports/*FuzzTest.txt nn/target/surefire-reports/*FuzzTest.txt 2>/dev/null; then
    echo "fuzz failure with seed $s (see target/surefire-reports)"; exit 1
  fi
done
echo "all $rounds rounds passed"
