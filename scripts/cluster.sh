#!/usr/bin/env bash
# The cluster profile: nginx in front of N BFF instances on MariaDB and a 3-master Redis Cluster, plus the channel
# sandbox, all on loopback.
#
#   scripts/cluster.sh up|down|status     # npm run cluster = up
#   scripts/cluster.sh kill <i>           # SIGKILL instance i (1-based); nginx finds out by itself (max_fails)
#   scripts/cluster.sh start <i>          # (re)start instance i on its port
#   scripts/cluster.sh scale <k>          # nginx sends to instances 1..k only (reload), the others stop
#   scripts/cluster.sh env                # the state file: NGINX_URL, SANDBOX_URL, BFF_PORTS, DATABASE_URL, …
#
# Knobs: CLUSTER_INSTANCES (3), CLUSTER_PORT_BASE (18100: nginx on the first free port from there, then the
# sandbox and the instances), CLUSTER_DIR (.data/cluster), CLUSTER_DB (jucard_cluster), CLUSTER_NODE_ENV
# (production). Secrets are generated once into $CLUSTER_DIR/secrets.env: every instance must share them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
CLUSTER_DIR="${CLUSTER_DIR:-$ROOT/.data/cluster}"
CLUSTER_INSTANCES="${CLUSTER_INSTANCES:-3}"
CLUSTER_PORT_BASE="${CLUSTER_PORT_BASE:-18100}"
CLUSTER_DB="${CLUSTER_DB:-jucard_cluster}"
STATE="$CLUSTER_DIR/state.env"
log() { echo "[cluster] $*" >&2; }

port_free() { ! (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
next_free_port() {
  local p="$1"
  while ! port_free "$p"; do p=$((p + 1)); done
  echo "$p"
}
pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null && [[ "$(ps -o stat= -p "$1" 2>/dev/null)" != Z* ]]; }
pid_of() { cat "$CLUSTER_DIR/$1.pid" 2>/dev/null || true; }

install_nginx() {
  if command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]]; then return 0; fi
  log "installing nginx (Debian's package)…"
  # keep the package's post-install from starting a daemon on port 80
  local policy=/usr/sbin/policy-rc.d created=0
  if [[ ! -e "$policy" ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created=1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null || {
    [[ "$created" == 1 ]] && rm -f "$policy"
    return 1
  }
  [[ "$created" == 1 ]] && rm -f "$policy"
  return 0
}

secrets() {
  local file="$CLUSTER_DIR/secrets.env"
  if [[ ! -f "$file" ]]; then
    umask 077
    {
      echo "JWT_SECRET=$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64url"))')"
      echo "MEMBER_CODE_KEYS=1:$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64url"))')"
      echo "SECRETS_KEY=k1:$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64"))')"
      echo "OPS_ENDPOINTS_TOKEN=$(node -e 'console.log(require("crypto").randomBytes(24).toString("base64url"))')"
    } >"$file"
  fi
  echo "$file"
}

# The BFF's environment (exported into the caller's shell).
bff_env() {
  set -a
  # shellcheck disable=SC1090
  source "$(secrets)"
  # shellcheck disable=SC1090
  source "$STATE"
  set +a
  export NODE_ENV="${CLUSTER_NODE_ENV:-production}" HOST=127.0.0.1 TRUST_PROXY=1 LOG_FORMAT=json LOG_LEVEL="${LOG_LEVEL:-warn}"
  export CHANNEL_SANDBOX_URL="$SANDBOX_URL" PUBLIC_BASE_URL="$NGINX_URL" SANDBOX_DATA_DIR="$CLUSTER_DIR/sandbox"
  export PAYMENT_CREDENTIALS_FILE="$CLUSTER_DIR/sandbox/merchant-credentials.json"
  # Production mode against the channel sandbox on purpose: without this, production refuses every sandbox endpoint.
  export OUTSIDE_ENDPOINTS=sandbox
  export DB_POOL_SIZE="${DB_POOL_SIZE:-16}"
}

start_instance() {
  local i="$1" ports port
  read -r -a ports <<<"$(grep '^BFF_PORTS=' "$STATE" | cut -d= -f2 | tr , ' ')"
  port="${ports[$((i - 1))]:?no instance $i}"
  if pid_alive "$(pid_of "bff-$i")"; then log "instance $i already running"; return 0; fi
  (
    bff_env
    export PORT="$port"
    exec node --max-old-space-size="${BFF_MAX_OLD_SPACE_MB:-192}" bff/dist/main.js </dev/null >>"$CLUSTER_DIR/bff-$i.log" 2>&1
  ) &
  echo $! >"$CLUSTER_DIR/bff-$i.pid"
  local n
  for ((n = 0; n < 300; n++)); do # 30 s
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; then log "instance $i up on :$port (pid $(pid_of "bff-$i"))"; return 0; fi
    if ! pid_alive "$(pid_of "bff-$i")"; then break; fi
    sleep 0.1
  done
  log "instance $i did not come up; last lines of $CLUSTER_DIR/bff-$i.log:"; tail -n 20 "$CLUSTER_DIR/bff-$i.log" >&2
  return 1
}

write_nginx_conf() {
  local count="$1" ports servers="" i
  read -r -a ports <<<"$(grep '^BFF_PORTS=' "$STATE" | cut -d= -f2 | tr , ' ')"
  for ((i = 0; i < count; i++)); do servers+="    server 127.0.0.1:${ports[$i]} max_fails=2 fail_timeout=5s;"$'\n'; done
  mkdir -p "$CLUSTER_DIR/nginx/temp"
  local listen
  listen="127.0.0.1:$(grep '^NGINX_PORT=' "$STATE" | cut -d= -f2)"
  SERVERS="$servers" LISTEN="$listen" D="$CLUSTER_DIR/nginx" node -e '
    const fs = require("fs"); const { SERVERS, LISTEN, D } = process.env;
    const conf = fs.readFileSync("deploy/nginx.conf.template", "utf8")
      .replace("@SERVERS@\n", SERVERS).replace("@LISTEN@", LISTEN).replace("@PID_FILE@", `${D}/nginx.pid`)
      .replaceAll("@LOG_DIR@", D).replaceAll("@TEMP_DIR@", `${D}/temp`);
    fs.writeFileSync(`${D}/nginx.conf`, conf);'
}

nginx_bin() { command -v nginx 2>/dev/null || echo /usr/sbin/nginx; }

cmd_up() {
  mkdir -p "$CLUSTER_DIR"
  install_nginx
  # shellcheck source=services.sh
  source scripts/services.sh
  services_start
  services_cluster_start
  if [[ ! -f bff/dist/main.js || "${CLUSTER_BUILD:-1}" == 1 ]]; then
    log "building (npx tsc -b)…"
    npx tsc -b || { [[ -f bff/dist/main.js ]] && log "WARNING: tsc -b reported errors; running the bff/dist it emitted"; }
  fi
  if [[ -f "$STATE" ]] && pid_alive "$(pid_of nginx)"; then log "already up (scripts/cluster.sh status)"; return 0; fi
  local nginx_port sandbox_port p ports=()
  nginx_port="$(next_free_port "$CLUSTER_PORT_BASE")"
  sandbox_port="$(next_free_port $((nginx_port + 1)))"
  p=$((sandbox_port + 1))
  for ((i = 1; i <= CLUSTER_INSTANCES; i++)); do p="$(next_free_port "$p")"; ports+=("$p"); p=$((p + 1)); done
  {
    echo "NGINX_PORT=$nginx_port"
    echo "NGINX_URL=http://127.0.0.1:$nginx_port"
    echo "SANDBOX_URL=http://127.0.0.1:$sandbox_port"
    echo "BFF_PORTS=$(IFS=,; echo "${ports[*]}")"
    echo "INSTANCES=$CLUSTER_INSTANCES"
    echo "DATABASE_URL=mysql://jucard:jucard_pw@127.0.0.1:${DB_PORT:-3306}/$CLUSTER_DB"
    echo "REDIS_URL=$REDIS_CLUSTER_URL"
  } >"$STATE"
  mariadb --no-defaults --protocol=socket --socket="$SVC_DIR/mysqld.sock" -uroot <<SQL
CREATE DATABASE IF NOT EXISTS $CLUSTER_DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
GRANT ALL ON $CLUSTER_DB.* TO 'jucard'@'127.0.0.1', 'jucard'@'localhost';
SQL
  (bff_env && node bff/dist/cli/migrate.js) >"$CLUSTER_DIR/migrate.log" 2>&1 || { log "migrate failed:"; tail -n 20 "$CLUSTER_DIR/migrate.log" >&2; return 1; }
  mkdir -p "$CLUSTER_DIR/sandbox"
  (
    bff_env
    export SANDBOX_PORT="$sandbox_port"
    exec node scripts/sandbox/server.mjs </dev/null >>"$CLUSTER_DIR/sandbox.log" 2>&1
  ) &
  echo $! >"$CLUSTER_DIR/sandbox.pid"
  for ((i = 0; i < 100; i++)); do curl -fsS -o /dev/null "http://127.0.0.1:$sandbox_port/__control/payouts" 2>/dev/null && break; sleep 0.1; done
  for ((i = 1; i <= CLUSTER_INSTANCES; i++)); do start_instance "$i"; done
  write_nginx_conf "$CLUSTER_INSTANCES"
  "$(nginx_bin)" -p "$CLUSTER_DIR/nginx" -c "$CLUSTER_DIR/nginx/nginx.conf" -e "$CLUSTER_DIR/nginx/error.log"
  for ((i = 0; i < 50; i++)); do [[ -s "$CLUSTER_DIR/nginx/nginx.pid" ]] && break; sleep 0.1; done
  cp "$CLUSTER_DIR/nginx/nginx.pid" "$CLUSTER_DIR/nginx.pid"
  log "up: nginx http://127.0.0.1:$nginx_port → ${CLUSTER_INSTANCES} BFF instances (:${ports[*]}), sandbox :$sandbox_port, Redis Cluster, database $CLUSTER_DB"
}

stop_pid() {
  local name="$1" pid i
  pid="$(pid_of "$name")"
  if pid_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do pid_alive "$pid" || break; sleep 0.1; done
    pid_alive "$pid" && kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$CLUSTER_DIR/$name.pid"
}

cmd_down() {
  local f
  stop_pid nginx
  for f in "$CLUSTER_DIR"/bff-*.pid; do [[ -e "$f" ]] && stop_pid "$(basename "$f" .pid)"; done
  stop_pid sandbox
  rm -f "$STATE"
  log "down (MariaDB, Redis and the Redis Cluster keep running: scripts/services.sh stop / cluster-stop)"
}

cmd_status() {
  [[ -f "$STATE" ]] || { echo "cluster: down"; return 1; }
  local name
  cat "$STATE" | grep -v DATABASE_URL
  for name in nginx sandbox $(for ((i = 1; i <= $(grep '^INSTANCES=' "$STATE" | cut -d= -f2); i++)); do echo "bff-$i"; done); do
    if pid_alive "$(pid_of "$name")"; then echo "$name: running (pid $(pid_of "$name"))"; else echo "$name: stopped"; fi
  done
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cat "$STATE" ;;
  kill) kill -KILL "$(pid_of "bff-${2:?instance}")" && rm -f "$CLUSTER_DIR/bff-$2.pid" && log "instance $2 killed (SIGKILL)" ;;
  start) start_instance "${2:?instance}" ;;
  scale)
    for ((i = 1; i <= $(grep '^INSTANCES=' "$STATE" | cut -d= -f2); i++)); do
      if ((i <= ${2:?count})); then start_instance "$i"; else stop_pid "bff-$i"; fi
    done
    write_nginx_conf "$2"
    "$(nginx_bin)" -p "$CLUSTER_DIR/nginx" -c "$CLUSTER_DIR/nginx/nginx.conf" -s reload
    sleep 0.5 # the old workers finish their requests
    log "nginx now sends to instances 1..$2"
    ;;
  *) echo "usage: scripts/cluster.sh up|down|status|env|kill <i>|start <i>|scale <k>" >&2; exit 2 ;;
esac
