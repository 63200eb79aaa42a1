#!/usr/bin/env bash
# Starts a private MariaDB for DaprPredictor's offline store: installs Debian's mariadb-server and mariadb-client if
# they are missing, initializes a data directory under --dir, runs mariadbd there on 127.0.0.1:--port and a private
# socket (never the system service), creates the database and an application user, and loads --seed if given.
# Idempotent: an initialized directory is reused, a server already running from it is reused (on the same port),
# and loading the seed again replaces its table (the training seed starts with DROP TABLE).
# On success the last lines on stdout are KEY=value pairs describing the connection; progress and errors go to stderr.
set -euo pipefail

usage() {
  cat >&2 <<'USAGE'
usage: scripts/mariadb/start.sh --dir DIR --port PORT [--database NAME] [--seed FILE] [--user NAME] [--password PASSWORD]
  --dir       directory that holds the data dir, socket, pid file and log (created if missing)
  --port      TCP port on 127.0.0.1 (pick a free one; 3306 is left to any system server)
  --database  database to create (default: daprpredictor), utf8mb4 with binary collation
  --seed      .sql file to load into the database with the mysql client (e.g. out/model/offline-seed.sql)
  --user      application user, allowed from 127.0.0.1 (default: daprpredictor)
  --password  its password (default: change-me, as in components/local-secrets.example.env)
USAGE
  exit 2
}

fail() { echo "mariadb/start.sh: error: $*" >&2; exit 1; }
say() { echo "mariadb/start.sh: $*" >&2; }

dir="" port="" database="daprpredictor" seed="" user="daprpredictor" password="change-me"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="${2:-}"; shift 2 ;;
    --port) port="${2:-}"; shift 2 ;;
    --database) database="${2:-}"; shift 2 ;;
    --seed) seed="${2:-}"; shift 2 ;;
    --user) user="${2:-}"; shift 2 ;;
    --password) password="${2:-}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "mariadb/start.sh: unknown argument '$1'" >&2; usage ;;
  esac
done

[[ -n "$dir" && -n "$port" ]] || usage
[[ "$port" =~ ^[0-9]+$ && "$port" -ge 1024 && "$port" -le 65535 ]] || fail "--port must be a number from 1024 to 65535, got '$port'"
# Names are spliced into SQL below, so only plain identifiers are accepted.
[[ "$database" =~ ^[A-Za-z0-9_]{1,64}$ ]] || fail "--database must be 1-64 letters, digits or underscores, got '$database'"
[[ "$user" =~ ^[A-Za-z0-9_]{1,32}$ ]] || fail "--user must be 1-32 letters, digits or underscores, got '$user'"
[[ "$password" =~ ^[A-Za-z0-9_.-]{1,64}$ ]] || fail "--password must be 1-64 letters, digits or '_.-', got another character"
if [[ -n "$seed" && ! -r "$seed" ]]; then fail "seed file '$seed' does not exist or is not readable"; fi

started=$SECONDS
mkdir -p "$dir" || fail "cannot create '$dir'"
dir="$(cd "$dir" && pwd)"
datadir="$dir/data"
socket="$dir/mariadb.sock"
pidfile="$dir/mariadb.pid"
log="$dir/mariadb.log"
# A Unix socket path is limited to 107 bytes.
(( ${#socket} < 100 )) || fail "'$dir' is too long for a Unix socket path; use a shorter --dir"

# (a) Install from Debian when the server or the client is missing.
find_tool() { local t; for t in "$@"; do if command -v "$t" >/dev/null 2>&1; then command -v "$t"; return 0; fi; done; return 1; }
server_bin() { find_tool mariadbd mysqld || { [[ -x /usr/sbin/mariadbd ]] && echo /usr/sbin/mariadbd; } || { [[ -x /usr/sbin/mysqld ]] && echo /usr/sbin/mysqld; }; }
if ! server_bin >/dev/null || ! find_tool mariadb mysql >/dev/null; then
  [[ "$(id -u)" -eq 0 ]] || fail "MariaDB is not installed and installing it needs root: sudo apt-get install mariadb-server mariadb-client"
  command -v apt-get >/dev/null || fail "MariaDB is not installed and apt-get is not available to install it"
  say "installing mariadb-server and mariadb-client from Debian"
  # Keep the package's own service from starting (no systemd here, and this script runs its own server).
  created_policy=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && created_policy=1
  fi
  cleanup_policy() { if [[ -n "$created_policy" ]]; then rm -f /usr/sbin/policy-rc.d; fi; }
  trap cleanup_policy EXIT
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get -o DPkg::Lock::Timeout=300 update -qq &&
         apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends mariadb-server mariadb-client; } >"$dir/apt.log" 2>&1; then
    tail -n 30 "$dir/apt.log" >&2
    fail "apt-get could not install mariadb-server and mariadb-client (full output in $dir/apt.log)"
  fi
  cleanup_policy
  trap - EXIT
  say "installed in $((SECONDS - started))s"
fi

mariadbd="$(server_bin)" || fail "mariadbd not found after installation"
client="$(find_tool mariadb mysql)" || fail "the mariadb client is not installed"
admin="$(find_tool mariadb-admin mysqladmin)" || fail "mariadb-admin is not installed"
installdb="$(find_tool mariadb-install-db mysql_install_db)" || fail "mariadb-install-db is not installed"
run_as=()
if [[ "$(id -u)" -eq 0 ]]; then run_as=(--user=root); fi
# utf8mb4 on the wire: the seed is UTF-8, and ids are compared byte for byte with what the services send.
root_sql() { "$client" --no-defaults --default-character-set=utf8mb4 --protocol=socket --socket="$socket" -uroot "$@"; }

running_pid() {
  local pid
  [[ -s "$pidfile" ]] || return 1
  pid="$(cat "$pidfile")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

if pid="$(running_pid)" && "$admin" --no-defaults --protocol=socket --socket="$socket" -uroot ping >/dev/null 2>&1; then
  # (c) Reuse the server this directory already runs, but only on the port asked for.
  actual="$(root_sql -N -B -e 'SELECT @@port')"
  [[ "$actual" == "$port" ]] || fail "a server from '$dir' already runs (pid $pid) on port $actual, not $port; stop it with scripts/mariadb/stop.sh --dir '$dir'"
  say "reusing the server already running from $dir (pid $pid)"
else
  # (b) Initialize the data directory once.
  if [[ ! -d "$datadir/mysql" ]]; then
    say "initializing $datadir"
    rm -rf "$datadir"
    mkdir -p "$datadir"
    if ! "$installdb" --no-defaults --datadir="$datadir" "${run_as[@]}" --auth-root-authentication-method=normal \
         --skip-test-db --skip-name-resolve >"$dir/install-db.log" 2>&1; then
      tail -n 30 "$dir/install-db.log" >&2
      rm -rf "$datadir"
      fail "mariadb-install-db failed (full output in $dir/install-db.log)"
    fi
  fi

  # (c) Start mariadbd detached (its own session), bound to loopback, with small buffers: it holds test data.
  rm -f "$socket" "$pidfile"
  mkdir -p "$dir/tmp"
  say "starting mariadbd on 127.0.0.1:$port"
  setsid "$mariadbd" --no-defaults "${run_as[@]}" --datadir="$datadir" --socket="$socket" --port="$port" \
    --bind-address=127.0.0.1 --pid-file="$pidfile" --log-error="$log" --tmpdir="$dir/tmp" --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_bin --default-time-zone=+00:00 \
    --innodb-buffer-pool-size=64M --innodb-log-file-size=16M --innodb-flush-log-at-trx-commit=2 \
    --innodb-use-native-aio=0 --max-allowed-packet=64M \
    </dev/null >>"$log" 2>&1 &
  server=$!

  # (d) Wait until it accepts connections on the socket and on the TCP port.
  deadline=$((SECONDS + 60))
  until "$admin" --no-defaults --protocol=tcp --host=127.0.0.1 --port="$port" -uroot --connect-timeout=1 ping >/dev/null 2>&1 &&
        "$admin" --no-defaults --protocol=socket --socket="$socket" -uroot ping >/dev/null 2>&1; do
    if ! kill -0 "$server" 2>/dev/null; then
      tail -n 20 "$log" >&2
      fail "mariadbd exited while starting (log: $log)"
    fi
    if (( SECONDS > deadline )); then
      tail -n 20 "$log" >&2
      kill "$server" 2>/dev/null || true
      fail "mariadbd did not accept connections on 127.0.0.1:$port within 60s (log: $log)"
    fi
    sleep 0.1
  done
fi

# (e) The database (binary collation, so user ids compare exactly as the in-memory store compares them) and its user.
root_sql <<SQL || fail "could not create database '$database' and user '$user'"
CREATE DATABASE IF NOT EXISTS \`$database\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER IF NOT EXISTS '$user'@'127.0.0.1' IDENTIFIED BY '$password';
ALTER USER '$user'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`$database\`.* TO '$user'@'127.0.0.1';
SQL

# (f) Load the seed.
if [[ -n "$seed" ]]; then
  say "loading $seed into $database"
  root_sql --database="$database" <"$seed" || fail "loading '$seed' into '$database' failed"
fi

say "ready in $((SECONDS - started))s"
echo "MARIADB_DIR=$dir"
echo "MARIADB_PORT=$port"
echo "MARIADB_SOCKET=$socket"
echo "MARIADB_DATABASE=$database"
echo "MARIADB_USER=$user"
echo "MARIADB_PASSWORD=$password"
echo "MARIADB_PID=$(cat "$pidfile")"
# The Dapr bindings.mysql 'url' metadata (Go DSN). No 'loc': DATETIME values are UTC, which is the driver's default.
echo "DAPR_MYSQL_URL=$user:$password@tcp(127.0.0.1:$port)/$database"
