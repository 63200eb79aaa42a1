#!/usr/bin/env bash
# Stops the Prometheus that scripts/prometheus/start.sh started from --dir (nothing else). Its data stays.
set -euo pipefail
dir=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="${2:-}"; shift 2 ;;
    *) echo "usage: scripts/prometheus/stop.sh --dir DIR" >&2; exit 2 ;;
  esac
done
[[ -n "$dir" ]] || { echo "usage: scripts/prometheus/stop.sh --dir DIR" >&2; exit 2; }
pidfile="$dir/prometheus.pid"
[[ -f "$pidfile" ]] || exit 0
pid="$(cat "$pidfile")"
if kill -0 "$pid" 2>/dev/null; then
  kill "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
fi
rm -f "$pidfile"
