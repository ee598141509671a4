#!/usr/bin/env bash
# Local MariaDB + Redis for development and CI, without systemd.
#
#   scripts/services.sh start|stop|status|env     # executed
#   source scripts/services.sh [start|stop|env]   # sourced: also exports DATABASE_URL etc. into your shell
#   eval "$(scripts/services.sh env)"             # just the exports
#   scripts/services.sh cluster-start|cluster-stop|cluster-status   # a 3-master Redis Cluster, on demand
#
# Everything lives under $SVC_DIR (default $PWD/.data/services, git-ignored) and is disposable:
# `stop` then `rm -rf .data/services` gives a clean slate. Progress goes to stderr so `env` output stays eval-able.
# Functions are written to be safe under the caller's `set -euo pipefail` (see .ci/run).

SVC_DIR="${SVC_DIR:-$PWD/.data/services}"
case "$SVC_DIR" in /*) ;; *) SVC_DIR="$PWD/$SVC_DIR" ;; esac
DB_PORT="${DB_PORT:-3306}"
REDIS_PORT="${REDIS_PORT:-6379}"
# Three masters, no replicas: enough for keys to spread over slots and for MULTI/MGET to meet CROSSSLOT.
REDIS_CLUSTER_PORTS="${REDIS_CLUSTER_PORTS:-7001 7002 7003}"
_SVC_DB_DATA="$SVC_DIR/mysql"
_SVC_DB_SOCK="$SVC_DIR/mysqld.sock"
_SVC_DB_PID="$SVC_DIR/mysqld.pid"
_SVC_DB_LOG="$SVC_DIR/mysqld.err"
_SVC_REDIS_PID="$SVC_DIR/redis.pid"
_SVC_REDIS_LOG="$SVC_DIR/redis.log"
# Set to 1 when *this* shell started the daemon, so `stop --started-only` leaves pre-existing ones alone.
_SVC_STARTED_DB="${_SVC_STARTED_DB:-0}"
_SVC_STARTED_REDIS="${_SVC_STARTED_REDIS:-0}"
_SVC_APT_UPDATED="${_SVC_APT_UPDATED:-0}"
_SVC_EXECUTED=0
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then _SVC_EXECUTED=1; fi

_svc_log() { echo "[services] $*" >&2; }

# A pid counts as alive unless it is gone or a zombie (PID 1 in containers reaps lazily).
_svc_pid_alive() {
  local stat
  stat="$(ps -o stat= -p "$1" 2>/dev/null)" || return 1
  [[ -n "$stat" && "$stat" != Z* ]]
}

_svc_apt_install() {
  if [[ "$_SVC_APT_UPDATED" != 1 ]]; then
    apt-get update -qq || return 1
    _SVC_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Idempotent: only touches apt when a binary is missing.
_svc_install() {
  local need=()
  if [[ ! -x /usr/sbin/mariadbd ]]; then need+=(mariadb-server); fi
  if ! command -v mariadb-admin >/dev/null 2>&1; then need+=(mariadb-client); fi
  if ! command -v redis-server >/dev/null 2>&1; then need+=(redis-server); fi
  if ! command -v redis-cli >/dev/null 2>&1; then need+=(redis-tools); fi
  if ((${#need[@]} == 0)); then return 0; fi
  _svc_log "installing ${need[*]} via apt…"
  # Stop the packages' post-install scripts from launching their own daemons on our ports.
  local policy=/usr/sbin/policy-rc.d created=0 rc=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created=1
  fi
  _svc_apt_install "${need[@]}" || rc=$?
  if [[ "$created" == 1 ]]; then rm -f "$policy"; fi
  if [[ "$rc" != 0 ]]; then _svc_log "apt-get install failed ($rc)"; fi
  return "$rc"
}

_svc_db_alive() {
  mariadb-admin --no-defaults --protocol=socket --socket="$_SVC_DB_SOCK" -uroot ping >/dev/null 2>&1
}

_svc_redis_alive() {
  [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]
}

_svc_start_db() {
  mkdir -p "$SVC_DIR" || return 1
  if _svc_db_alive; then
    _svc_log "MariaDB already running (socket $_SVC_DB_SOCK)"
  else
    if [[ ! -d "$_SVC_DB_DATA/mysql" ]]; then
      _svc_log "initialising MariaDB datadir $_SVC_DB_DATA"
      if ! mariadb-install-db --no-defaults --datadir="$_SVC_DB_DATA" --user=root \
        --auth-root-authentication-method=socket --skip-test-db >"$SVC_DIR/mariadb-install.log" 2>&1; then
        _svc_log "mariadb-install-db failed:"; tail -n 20 "$SVC_DIR/mariadb-install.log" >&2
        return 1
      fi
    fi
    _svc_log "starting MariaDB on 127.0.0.1:$DB_PORT"
    # Started directly (not via `cd … &&` or a subshell) so $! is mariadbd itself.
    # innodb-flush-log-at-trx-commit stays at its durable default (1): the ledger must survive a crash.
    /usr/sbin/mariadbd --no-defaults --datadir="$_SVC_DB_DATA" --socket="$_SVC_DB_SOCK" \
      --pid-file="$_SVC_DB_PID" --log-error="$_SVC_DB_LOG" --port="$DB_PORT" --bind-address=127.0.0.1 \
      --user=root --skip-name-resolve --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
      --innodb-buffer-pool-size=256M --transaction-isolation=READ-COMMITTED --max-connections=300 \
      --innodb-lock-wait-timeout=5 --skip-log-bin </dev/null >>"$SVC_DIR/mysqld.out" 2>&1 &
    local pid=$! i
    for ((i = 0; i < 150; i++)); do # 150 × 0.2 s = 30 s
      if _svc_db_alive; then break; fi
      if ! _svc_pid_alive "$pid"; then break; fi
      sleep 0.2
    done
    if ! _svc_db_alive; then
      _svc_log "MariaDB did not come up; last lines of $_SVC_DB_LOG:"
      tail -n 30 "$_SVC_DB_LOG" >&2 2>/dev/null || true
      return 1
    fi
    _SVC_STARTED_DB=1
  fi
  # Idempotent provisioning. The `jucard\_test\_%` grant lets test runs create per-worker databases.
  mariadb --no-defaults --protocol=socket --socket="$_SVC_DB_SOCK" -uroot <<'SQL'
CREATE DATABASE IF NOT EXISTS jucard CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS jucard_test CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'jucard'@'localhost' IDENTIFIED BY 'jucard_pw';
CREATE USER IF NOT EXISTS 'jucard'@'127.0.0.1' IDENTIFIED BY 'jucard_pw';
GRANT ALL PRIVILEGES ON jucard.* TO 'jucard'@'localhost', 'jucard'@'127.0.0.1';
GRANT ALL PRIVILEGES ON jucard_test.* TO 'jucard'@'localhost', 'jucard'@'127.0.0.1';
GRANT ALL PRIVILEGES ON `jucard\_test\_%`.* TO 'jucard'@'localhost', 'jucard'@'127.0.0.1';
SQL
}

_svc_start_redis() {
  mkdir -p "$SVC_DIR" || return 1
  if _svc_redis_alive; then
    _svc_log "Redis already running on 127.0.0.1:$REDIS_PORT"
    return 0
  fi
  _svc_log "starting Redis on 127.0.0.1:$REDIS_PORT"
  # Cache/locks/rate limits only: no persistence needed.
  if ! redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --pidfile "$_SVC_REDIS_PID" \
    --logfile "$_SVC_REDIS_LOG" --dir "$SVC_DIR" --save '' --appendonly no >/dev/null; then
    _svc_log "redis-server failed to start"; return 1
  fi
  local i
  for ((i = 0; i < 150; i++)); do
    if _svc_redis_alive; then _SVC_STARTED_REDIS=1; return 0; fi
    sleep 0.2
  done
  _svc_log "Redis did not answer PING; last lines of $_SVC_REDIS_LOG:"
  tail -n 30 "$_SVC_REDIS_LOG" >&2 2>/dev/null || true
  return 1
}

_svc_env_lines() {
  echo "export DATABASE_URL=mysql://jucard:jucard_pw@127.0.0.1:$DB_PORT/jucard"
  echo "export TEST_DATABASE_URL=mysql://jucard:jucard_pw@127.0.0.1:$DB_PORT/jucard_test"
  echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
}

# Prints the exports; when sourced, also applies them to the calling shell.
services_env() {
  local lines
  lines="$(_svc_env_lines)"
  mkdir -p "$SVC_DIR" && printf '%s\n' "$lines" >"$SVC_DIR/env"
  eval "$lines"
  if [[ "$_SVC_EXECUTED" == 1 ]]; then printf '%s\n' "$lines"; fi
}

services_start() {
  _svc_install || return 1
  _svc_start_db || return 1
  _svc_start_redis || return 1
  local lines
  lines="$(_svc_env_lines)"
  printf '%s\n' "$lines" >"$SVC_DIR/env"
  eval "$lines"
  _svc_log "ready: MariaDB 127.0.0.1:$DB_PORT (jucard/jucard_pw; databases jucard, jucard_test), Redis 127.0.0.1:$REDIS_PORT"
  _svc_log "env written to $SVC_DIR/env (source it, or: eval \"\$(scripts/services.sh env)\")"
}

_svc_kill_pidfile() {
  local name="$1" file="$2" pid i
  if [[ ! -f "$file" ]]; then return 0; fi
  pid="$(cat "$file" 2>/dev/null)"
  if [[ -n "$pid" ]] && _svc_pid_alive "$pid"; then
    _svc_log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do # MariaDB flushes InnoDB on TERM; give it up to 30 s
      if ! _svc_pid_alive "$pid"; then break; fi
      sleep 0.2
    done
    if _svc_pid_alive "$pid"; then
      _svc_log "$name did not stop in 30 s; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$file"
}

# `stop --started-only` stops only daemons this shell started (CI trap), leaving a developer's running ones.
services_stop() {
  if [[ "${1:-}" != --started-only || "$_SVC_STARTED_DB" == 1 ]]; then
    _svc_kill_pidfile MariaDB "$_SVC_DB_PID"
  fi
  if [[ "${1:-}" != --started-only || "$_SVC_STARTED_REDIS" == 1 ]]; then
    _svc_kill_pidfile Redis "$_SVC_REDIS_PID"
  fi
  return 0
}

services_status() {
  local rc=0
  if _svc_db_alive; then echo "mariadb: running (127.0.0.1:$DB_PORT)"; else echo "mariadb: stopped"; rc=1; fi
  if _svc_redis_alive; then echo "redis: running (127.0.0.1:$REDIS_PORT)"; else echo "redis: stopped"; rc=1; fi
  return "$rc"
}

_svc_cluster_dir() { echo "$SVC_DIR/redis-cluster/$1"; }

_svc_cluster_url() {
  local nodes=() port
  for port in $REDIS_CLUSTER_PORTS; do nodes+=("127.0.0.1:$port"); done
  local IFS=,
  echo "redis+cluster://${nodes[*]}"
}

_svc_cluster_ok() {
  local port
  port="${REDIS_CLUSTER_PORTS%% *}"
  redis-cli -h 127.0.0.1 -p "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok'
}

services_cluster_start() {
  _svc_install || return 1
  local port dir i
  for port in $REDIS_CLUSTER_PORTS; do
    dir="$(_svc_cluster_dir "$port")"
    mkdir -p "$dir" || return 1
    if [[ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" == PONG ]]; then continue; fi
    _svc_log "starting Redis Cluster node on 127.0.0.1:$port"
    # nodes.conf is the node's own cluster state; no data persistence (as for the single Redis)
    if ! redis-server --port "$port" --bind 127.0.0.1 --daemonize yes --pidfile "$dir/redis.pid" \
      --logfile "$dir/redis.log" --dir "$dir" --save '' --appendonly no \
      --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000 >/dev/null; then
      _svc_log "redis-server (cluster node $port) failed to start"; return 1
    fi
    for ((i = 0; i < 50; i++)); do
      if [[ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" == PONG ]]; then break; fi
      sleep 0.1
    done
  done
  if ! _svc_cluster_ok; then
    local nodes=()
    for port in $REDIS_CLUSTER_PORTS; do nodes+=("127.0.0.1:$port"); done
    _svc_log "creating the cluster over ${nodes[*]}"
    if ! redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$SVC_DIR/redis-cluster/create.log" 2>&1; then
      _svc_log "redis-cli --cluster create failed:"; tail -n 20 "$SVC_DIR/redis-cluster/create.log" >&2; return 1
    fi
    for ((i = 0; i < 100; i++)); do # slots propagate by gossip; up to 10 s
      if _svc_cluster_ok; then break; fi
      sleep 0.1
    done
    if ! _svc_cluster_ok; then _svc_log "cluster did not reach cluster_state:ok"; return 1; fi
  fi
  REDIS_CLUSTER_URL="$(_svc_cluster_url)"
  export REDIS_CLUSTER_URL
  if [[ "$_SVC_EXECUTED" == 1 ]]; then echo "export REDIS_CLUSTER_URL=$REDIS_CLUSTER_URL"; fi
  _svc_log "ready: Redis Cluster $REDIS_CLUSTER_URL"
}

services_cluster_stop() {
  local port
  for port in $REDIS_CLUSTER_PORTS; do
    _svc_kill_pidfile "Redis Cluster node $port" "$(_svc_cluster_dir "$port")/redis.pid"
    # the next start creates a fresh cluster (an empty node cannot rejoin with stale nodes.conf of its peers)
    rm -f "$(_svc_cluster_dir "$port")/nodes.conf"
  done
  return 0
}

services_cluster_status() {
  if _svc_cluster_ok; then echo "redis-cluster: running ($(_svc_cluster_url))"; else echo "redis-cluster: stopped"; return 1; fi
}

services_main() {
  case "${1:-}" in
    start) services_start ;;
    stop) shift; services_stop "$@" ;;
    status) services_status ;;
    env) services_env ;;
    cluster-start) services_cluster_start ;;
    cluster-stop) services_cluster_stop ;;
    cluster-status) services_cluster_status ;;
    *) echo "usage: scripts/services.sh start|stop|status|env|cluster-start|cluster-stop|cluster-status" >&2; return 2 ;;
  esac
}

if [[ "$_SVC_EXECUTED" != 1 ]]; then
  # Sourced: define functions; run a subcommand only when one is given explicitly.
  if (($# > 0)); then services_main "$@"; fi
else
  services_main "$@"
  exit $?
fi
