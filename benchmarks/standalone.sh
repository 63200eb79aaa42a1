#!/usr/bin/env bash
# The standalone replay as a benchmark: RUNS replays of EVENTS clean synthetic events through the embedded pipeline,
# each in a fresh process, then the median throughput and latency. Model: MODEL (default out/model/model.zip, trained
# first when missing with the default training). Usage: benchmarks/standalone.sh [EVENTS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-1000000}"
runs="${2:-5}"
model="${MODEL:-out/model/model.zip}"

[[ -f "$model" ]] || dotnet run --project training -c Release -- --output "$(dirname "$model")"
dotnet build services/standalone -c Release --nologo -v q >/dev/null
app=services/standalone/bin/Release/net10.0/DaprPredictor.Standalone.dll

results=()
for ((i = 1; i <= runs; i++)); do
  out="$(dotnet "$app" --events "$events" --duplicates 0 --invalid 0 --model "$model" 2>&1)"
  line="$(grep -E '^Throughput' <<<"$out" | sed -E 's/^Throughput: ([0-9,]+) events.*/\1/; s/,//g')"
  p50="$(grep -E '^Latency per event' <<<"$out" | sed -E 's/.*p50 ([0-9.]+ [µm]s).*/\1/')"
  p99="$(grep -E '^Latency per event' <<<"$out" | sed -E 's/.*p99 ([0-9.]+ [µm]s).*/\1/')"
  retained="$(grep -E 'retained' <<<"$out" | sed -E 's/.*retained ([-0-9.,]+ MB).*/\1/')"
  peak="$(grep -E 'peak working set' <<<"$out" | sed -E 's/.*peak working set ([0-9,]+ MB).*/\1/')"
  cost="$(grep -E '^Cost per event' <<<"$out" | sed -E 's/^Cost per event: CPU ([0-9.]+ µs).*allocated ([0-9,]+ B) by the pipeline.*/CPU \1, pipeline allocation \2/')"
  grep -q 'accounted for' <<<"$out" || { echo "run $i: the counts did not add up" >&2; echo "$out" >&2; exit 1; }
  echo "run $i: $line events/s, p50 $p50, p99 $p99, $cost per event, retained $retained, peak working set $peak, load $(cut -d' ' -f1 /proc/loadavg)"
  results+=("$line")
done
printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median of %d runs: %d events/s (min %d, max %d)\n", NR, a[int((NR+1)/2)], a[1], a[NR]}'
