#!/usr/bin/env bash
# Stops the MariaDB that scripts/mariadb/start.sh runs from --dir: a clean shutdown over its socket, then SIGTERM,
# then SIGKILL if it still has not exited. Idempotent: nothing running is not an error. --remove also deletes --dir.
set -euo pipefail

fail() { echo "mariadb/stop.sh: error: $*" >&2; exit 1; }
say() { echo "mariadb/stop.sh: $*" >&2; }

dir="" remove=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="${2:-}"; shift 2 ;;
    --remove) remove=1; shift ;;
    *) echo "usage: scripts/mariadb/stop.sh --dir DIR [--remove]" >&2; exit 2 ;;
  esac
done
[[ -n "$dir" ]] || { echo "usage: scripts/mariadb/stop.sh --dir DIR [--remove]" >&2; exit 2; }

if [[ -d "$dir" ]]; then
  dir="$(cd "$dir" && pwd)"
  pidfile="$dir/mariadb.pid"
  pid=""
  if [[ -s "$pidfile" ]]; then pid="$(cat "$pidfile")"; fi
  if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    # Only stop the process if it really is a MariaDB server using this directory (pid files can be stale).
    if ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "--datadir=$dir/data"; then
      fail "pid $pid from $pidfile is not a mariadbd using $dir/data; not stopping it"
    fi
    admin="$(command -v mariadb-admin || command -v mysqladmin || true)"
    if [[ -n "$admin" ]]; then
      "$admin" --no-defaults --protocol=socket --socket="$dir/mariadb.sock" -uroot shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
    else
      kill -TERM "$pid" 2>/dev/null || true
    fi
    for _ in $(seq 1 300); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "pid $pid did not exit within 30s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    say "stopped pid $pid"
  fi
  if [[ -n "$remove" ]]; then rm -rf "$dir"; fi
fi
