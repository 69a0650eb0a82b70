#!/usr/bin/env bash
# Stop test Elasticsearch node(s) started by start.sh: SIGTERM, wait, then SIGKILL.
#
#   deploy/es-runner/stop.sh              # every node under the work dir
#   deploy/es-runner/stop.sh --port 9201  # only that one
#   deploy/es-runner/stop.sh --purge      # also delete the nodes' data (keeps the downloaded jars)
#
# Environment: VIGIE_ES_WORK (as for start.sh), VIGIE_ES_STOP_TIMEOUT (seconds before SIGKILL, default 30)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${VIGIE_ES_WORK:-$HERE/work}"
GRACE="${VIGIE_ES_STOP_TIMEOUT:-30}"
PORT=""
PURGE=0

while [ $# -gt 0 ]; do
  case "$1" in
    --port) [ $# -ge 2 ] || { echo "es-runner: --port needs a value" >&2; exit 1; }; PORT="$2"; shift 2 ;;
    --port=*) PORT="${1#--port=}"; shift ;;
    --purge) PURGE=1; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "es-runner: unknown argument '$1'" >&2; exit 1 ;;
  esac
done

if [ -n "$PORT" ]; then NODES=("$WORK/node-$PORT"); else NODES=("$WORK"/node-*); fi

stop_node() { # node-dir
  local node="$1" pidfile="$1/es.pid" pid waited=0
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
    echo "es-runner: $(basename "$node"): not running (stale pid file removed)" >&2
    rm -f "$pidfile"; return 0
  fi
  # only signal a JVM that really is our node (the pid could have been recycled)
  if ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "es.path.conf=$node/config"; then
    echo "es-runner: pid $pid is not the Elasticsearch of $node; removing stale pid file" >&2
    rm -f "$pidfile"; return 0
  fi
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt $((GRACE * 2)) ]; do sleep 0.5; waited=$((waited + 1)); done
  if kill -0 "$pid" 2>/dev/null; then
    echo "es-runner: pid $pid ignored SIGTERM for ${GRACE}s, sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$pidfile"
  echo "es-runner: stopped $(basename "$node") (pid $pid)" >&2
}

for node in "${NODES[@]}"; do
  [ -d "$node" ] || continue
  stop_node "$node"
  if [ "$PURGE" = 1 ]; then rm -rf "$node"; echo "es-runner: purged $node" >&2; fi
done
