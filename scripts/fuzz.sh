#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ and runs each for a bounded time; exits non-zero on any
# crash (a trap, a broken invariant, a refused input that changed the state, a diverging replay).
#
#   scripts/fuzz.sh                        each target for 60 s (what CI runs)
#   FUZZ_SECONDS=1800 scripts/fuzz.sh      each target for 30 min
#   FUZZ_TARGETS=EngineFuzzer scripts/fuzz.sh
#
# New inputs found are kept in Fuzz/.corpus/<target> (not committed) and seed later runs with the
# committed Fuzz/Corpus/<target>. A crash leaves its input in Fuzz/.artifacts; replay it with
#   Fuzz/.build/release/EngineFuzzer Fuzz/.artifacts/crash-…
# which prints the engine's settings and the inputs as JSON lines (see docs/robustness.md).
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"

seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-"CheckFuzzer EngineFuzzer"}

start=$(date +%s)
swift build -c release --sanitize=fuzzer
bin=$(swift build -c release --sanitize=fuzzer --show-bin-path)
echo "fuzz: built in $(( $(date +%s) - start )) s"

mkdir -p .artifacts
status=0
for target in $targets; do
  name=$(echo "${target%Fuzzer}" | tr '[:upper:]' '[:lower:]')
  mkdir -p ".corpus/$name"
  dictionary=()
  if [ -f "$name.dict" ]; then dictionary=(-dict="$name.dict"); fi
  seeds=()
  if [ -d "Corpus/$name" ]; then seeds=("Corpus/$name"); fi
  log=$(mktemp)
  # The Swift runtime's backtracer stays out of the way: libFuzzer reports the crash and keeps
  # its input.
  if SWIFT_BACKTRACE=enable=no "$bin/$target" -max_total_time="$seconds" -max_len=4096 -len_control=20 -timeout=30 \
      -print_final_stats=1 -artifact_prefix=.artifacts/ "${dictionary[@]}" ".corpus/$name" "${seeds[@]}" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz: $target: $runs executions in $seconds s, no crash"
  else
    status=1
    tail -n 40 "$log"
    echo "fuzz: $target crashed; its input is in Fuzz/.artifacts (replay: $bin/$target <file>)" >&2
  fi
  rm -f "$log"
done
exit $status
