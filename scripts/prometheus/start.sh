#!/usr/bin/env bash
# Starts a private Prometheus for DaprPredictor: installs Debian's prometheus package if it is missing (as root, with
# apt-get, as CI does), then runs it in the background on 127.0.0.1:--port with its data under --dir and the scrape
# configuration --config (e.g. monitoring/prometheus/local.yml). It never touches a system Prometheus service.
# Idempotent: a server already running from --dir is stopped and started again with the given configuration.
# On success the last line on stdout is PROMETHEUS_URL=http://127.0.0.1:PORT; progress and errors go to stderr.
set -euo pipefail

usage() {
  cat >&2 <<'USAGE'
usage: scripts/prometheus/start.sh --dir DIR --port PORT --config FILE
  --dir     directory for the TSDB, the pid file and the log (created if missing)
  --port    TCP port on 127.0.0.1 for Prometheus's UI and HTTP API (9095 leaves 9090 to daprd's metrics)
  --config  scrape configuration (monitoring/prometheus/local.yml scrapes the local services and sidecars)
USAGE
  exit 2
}

fail() { echo "prometheus/start.sh: error: $*" >&2; exit 1; }
say() { echo "prometheus/start.sh: $*" >&2; }

dir="" port="" config=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="${2:-}"; shift 2 ;;
    --port) port="${2:-}"; shift 2 ;;
    --config) config="${2:-}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "prometheus/start.sh: unknown argument '$1'" >&2; usage ;;
  esac
done

[[ -n "$dir" && -n "$port" && -n "$config" ]] || usage
[[ "$port" =~ ^[0-9]+$ && "$port" -ge 1024 && "$port" -le 65535 ]] || fail "--port must be a number from 1024 to 65535, got '$port'"
[[ -r "$config" ]] || fail "scrape configuration '$config' does not exist or is not readable"
command -v curl >/dev/null 2>&1 || fail "curl is needed to wait for Prometheus to be ready"

if ! command -v prometheus >/dev/null 2>&1; then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's prometheus package (apt-get)…"
    # The package's own service must not start: this script runs its own server.
    export DEBIAN_FRONTEND=noninteractive
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    apt-get update -qq >&2 || fail "apt-get update failed"
    apt-get install -y -qq --no-install-recommends prometheus >&2 || fail "apt-get install prometheus failed"
  else
    fail "prometheus is not installed: run 'sudo apt-get install prometheus' once (Debian/Ubuntu), or run this script as root"
  fi
fi

mkdir -p "$dir" || fail "cannot create '$dir'"
dir="$(cd "$dir" && pwd)"
config="$(cd "$(dirname "$config")" && pwd)/$(basename "$config")"
pidfile="$dir/prometheus.pid"
log="$dir/prometheus.log"

if command -v promtool >/dev/null 2>&1; then
  promtool check config "$config" >&2 || fail "'$config' is not a valid Prometheus configuration"
fi

"$(dirname "$0")/stop.sh" --dir "$dir" >&2 || true

say "starting prometheus on 127.0.0.1:$port (data in $dir/data, log $log)"
nohup prometheus \
  --config.file="$config" \
  --storage.tsdb.path="$dir/data" \
  --web.listen-address="127.0.0.1:$port" \
  --web.enable-lifecycle \
  >"$log" 2>&1 &
echo $! > "$pidfile"

for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1; then
    say "ready"
    echo "PROMETHEUS_URL=http://127.0.0.1:$port"
    exit 0
  fi
  if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    tail -n 20 "$log" >&2
    fail "prometheus exited during start-up (log above)"
  fi
  sleep 0.2
done
tail -n 20 "$log" >&2
fail "prometheus did not become ready within 20 s"
