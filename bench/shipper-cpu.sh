#!/usr/bin/env bash
# The shipper's CPU figures of issue 12, as medians of RUNS runs (CPU time, not wall time: the
# machine may be shared). Called by bench/run; runs alone too (after bench/run has built once):
#   bench/shipper-cpu.sh WORK_DIR SAMPLES_TSV [RUNS]
# Writes samples (name, unit, value, note, command) to SAMPLES_TSV. The stub cluster runs in its own
# process, so its CPU is not counted.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
cd "$root"
work=$1
samples=$2
runs=${3:-3}
seed=${BENCH_SEED:-20261202}
java="$JAVA_HOME/bin/java"
cp="bench/target/classes:$(cat bench/target/harness.classpath)"
mkdir -p "$work"
: >"$samples"
stub_pid=""
trap '[ -n "$stub_pid" ] && kill "$stub_pid" 2>/dev/null; true' EXIT

sample() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$samples"; }

rm -rf "$work/mixed" "$work/stub.url"
summary=$("$java" -cp "$cp" dev.noops.bench.harness.MixedLogs "$work/mixed" "$seed")
"$java" -cp "$cp" dev.noops.bench.harness.MixedLogs --tiny "$work/tiny.json" 7000000 >/dev/null
echo "input: $summary" >&2
"$java" -XX:+UseSerialGC -cp "$cp" dev.noops.bench.harness.StubCluster "$work/stub.url" >"$work/stub.log" 2>&1 &
stub_pid=$!
for _ in $(seq 1 100); do [ -f "$work/stub.url" ] && break; sleep 0.2; done
url=$(cat "$work/stub.url")
gen="input: java dev.noops.bench.harness.MixedLogs DIR $seed ($summary)"
# the warm handler runs the JVM Lambda runs: the managed runtime's serial GC and shared archive, and
# the ShipperFunction's JAVA_TOOL_OPTIONS from template.yaml (its JIT levels)
shipper_opts=$("$java" -cp "$cp" dev.noops.bench.harness.FunctionJvmOptions template.yaml ShipperFunction)
lambda_jvm=(-XX:+UseSerialGC -Xshare:auto $shipper_opts)
jvm_note="JVM as in Lambda: -XX:+UseSerialGC -Xshare:auto $shipper_opts"

if [ "${BENCH_SHIPPER_WARM:-1}" = 1 ]; then
# warm handler: one JVM, 40 invocations of 2,500 events per round; 5 rounds (200 invocations) of
# warm-up, then each of 3 rounds is a sample: C2 is still compiling after 2 rounds (a long-lived
# execution environment serves thousands of invocations)
warm="${BENCH_WARM_ROUNDS:-5} 3"
for level in 1 0; do
  for _ in $(seq 1 "$runs"); do
    "$java" "${lambda_jvm[@]}" -cp "$cp" dev.noops.bench.harness.WarmShipper ship "$url" "$work/mixed" $warm "$level" 2>/dev/null \
      | awk -F'events_per_cpu_s=' '/^round=/ {print $2}' | while read -r v; do
        sample "shipper warm handler, gzip level $level$([ "$level" = 0 ] && echo ' (off)'): events per CPU-second" "events/CPU-s" "$v" \
          "target >= 150,000; whole-process CPU of the shipper JVM (/proc), stub cluster in another process; $jvm_note; $gen" \
          "java ${lambda_jvm[*]} dev.noops.bench.harness.WarmShipper ship URL DIR $warm $level"
      done
  done
done
for _ in $(seq 1 "$runs"); do
  "$java" "${lambda_jvm[@]}" -cp "$cp" dev.noops.bench.harness.WarmShipper render "$url" "$work/mixed" $warm 2>/dev/null \
    | awk -F'events_per_cpu_s=' '/^round=/ {print $2}' | while read -r v; do
      sample "shipper warm dry run (NDJSON rendered, no HTTP): events per CPU-second" "events/CPU-s" "$v" "$jvm_note; $gen" \
        "java ${lambda_jvm[*]} dev.noops.bench.harness.WarmShipper render URL DIR $warm"
    done
done

fi

# issue 13's features (tags with a cached lookup, routing by tag and name, filtering, redaction):
# the same warm handler with all of them off, then all on (events counted as read)
if [ "${BENCH_SHIPPER_FEATURES:-1}" = 1 ]; then
for features in off all; do
  for _ in $(seq 1 "$runs"); do
    "$java" "${lambda_jvm[@]}" -cp "$cp" dev.noops.bench.harness.WarmShipper ship "$url" "$work/mixed" $warm 1 "$features" 2>/dev/null \
      | awk -F'events_per_cpu_s=' '/^round=/ {print $2}' | while read -r v; do
        sample "shipper warm handler, issue 13 features $features: events per CPU-second" "events/CPU-s" "$v" \
          "whole-process CPU of the shipper JVM (/proc), stub cluster in another process; all = ShipperFeatures.allOn; $jvm_note; $gen" \
          "java ${lambda_jvm[*]} dev.noops.bench.harness.WarmShipper ship URL DIR $warm 1 $features"
      done
  done
done
fi

# whole CLI processes (launcher and JVM start included): user+sys CPU and peak RSS from /usr/bin/time
# builds if needed and writes the class-data archive of each command and mode (one per command:
# the first run of a command after a build writes it, and pays for it once)
./noops ship --dry-run "$work/mixed/mixed-00.json" >/dev/null 2>&1
./noops ship --es "$url" "$work/mixed/mixed-00.json" >/dev/null 2>&1
for mode in ship dry; do
  for cds in 1 0; do
    if [ "$mode" = ship ]; then args=(ship --es "$url" "$work"/mixed/*.json); name="noops ship --es"; else args=(ship --dry-run "$work"/mixed/*.json); name="noops ship --dry-run"; fi
    for i in $(seq 1 "$runs"); do
      NOOPS_CDS=$cds /usr/bin/time -o "$work/time.txt" -f '%U %S %M' ./noops "${args[@]}" >/dev/null 2>"$work/cli.err" || true
      read -r user sys rss <"$work/time.txt"
      cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
      eps=$(awk -v c="$cpu" 'BEGIN { printf "%.0f", 100000 / c }')
      target=$([ "$mode" = ship ] && echo "target >= 40,000" || echo "target >= the ship figure")
      sample "$name, whole process on 100k mixed events (CDS $([ "$cds" = 1 ] && echo on || echo off)): events per CPU-second" \
        "events/CPU-s" "$eps" "$target; /usr/bin/time user+sys of ./noops (launcher + JVM); $gen" "./noops ${args[*]/#$work/WORK}"
      sample "$name, whole process on 100k mixed events (CDS $([ "$cds" = 1 ] && echo on || echo off)): peak RSS" \
        "MB" "$(awk -v r="$rss" 'BEGIN { printf "%.0f", r / 1024 }')" "target <= 512" "./noops ${args[*]/#$work/WORK}"
    done
  done
done
for i in $(seq 1 "${BENCH_TINY_RUNS:-1}"); do # 7M events: about a minute per run
  for mode in dry ship; do
    if [ "$mode" = ship ]; then args=(ship --es "$url" "$work/tiny.json"); name="noops ship --es"; else args=(ship --dry-run "$work/tiny.json"); name="noops ship --dry-run"; fi
    /usr/bin/time -o "$work/time.txt" -f '%U %S %M' ./noops "${args[@]}" >/dev/null 2>"$work/cli.err" || true
    read -r user sys rss <"$work/time.txt"
    sample "$name, 7M tiny events in one $(( $(stat -c %s "$work/tiny.json") / 1024 )) KiB file: peak RSS" "MB" \
      "$(awk -v r="$rss" 'BEGIN { printf "%.0f", r / 1024 }')" "target <= 512; was OutOfMemoryError after ~5 GB; file: MixedLogs --tiny FILE 7000000" \
      "./noops ${args[*]/#$work/WORK}"
  done
done
