#!/usr/bin/env bash
# Start a real single-node Elasticsearch for tests, assembled only from Maven Central artifacts.
#
#   deploy/es-runner/start.sh [--port 9200]
#
# Prints ELASTICSEARCH_URL=http://127.0.0.1:<port> and ELASTICSEARCH_VERSION=<v> on success.
# Idempotent: if the node for that port is already up, says so and prints the same lines.
#
# Environment:
#   VIGIE_ES_VERSION        Elasticsearch version to assemble (default 8.19.21)
#   VIGIE_ES_WORK           cache + node directory (default deploy/es-runner/work, git-ignored)
#   VIGIE_ES_MAVEN_REPO     Maven local repository to use (default: Maven's own, ~/.m2/repository)
#   VIGIE_ES_START_TIMEOUT  seconds to wait for the cluster to turn green/yellow (default 180)
#   ES_JAVA_OPTS            extra JVM flags appended after jvm.options (e.g. "-Xmx2g")
#   JAVA_HOME               JDK 17+ to use (needs java, javac, jar); defaults to Java 17 if present
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ES_VERSION="${VIGIE_ES_VERSION:-8.19.21}"
WORK="${VIGIE_ES_WORK:-$HERE/work}"
TIMEOUT="${VIGIE_ES_START_TIMEOUT:-180}"
PORT=9200
# modules loaded next to the server (artifactId under org.elasticsearch.plugin)
MODULES=(transport-netty4 x-pack-core)

die() { echo "es-runner: $*" >&2; exit 1; }
log() { echo "es-runner: $*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --port) [ $# -ge 2 ] || die "--port needs a value"; PORT="$2"; shift 2 ;;
    --port=*) PORT="${1#--port=}"; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (usage: start.sh [--port 9200])" ;;
  esac
done
[[ "$PORT" =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1024 ] && [ "$PORT" -le 65535 ] || die "invalid --port '$PORT'"

command -v curl >/dev/null || die "curl is required"
command -v mvn >/dev/null || die "maven (mvn) is required to fetch Elasticsearch from Maven Central"

# ---------------------------------------------------------------- JDK
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
  JDK="$JAVA_HOME"
elif [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/javac ]; then
  JDK=/usr/lib/jvm/java-17-openjdk-amd64
else
  JAVAC="$(command -v javac || true)"
  [ -n "$JAVAC" ] || die "no JDK found: set JAVA_HOME to a JDK 17+"
  JDK="$(dirname "$(dirname "$(readlink -f "$JAVAC")")")"
fi
JAVA="$JDK/bin/java"
JAVA_FEATURE="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[ "${JAVA_FEATURE:-0}" -ge 17 ] 2>/dev/null || die "$JAVA is Java '${JAVA_FEATURE:-?}'; Elasticsearch $ES_VERSION needs 17+"

DIST="$WORK/dist/$ES_VERSION"
NODE="$WORK/node-$PORT"
PIDFILE="$NODE/es.pid"
URL="http://127.0.0.1:$PORT"

cluster_status() { # prints green|yellow|red or nothing
  curl -s -m 5 "$URL/_cluster/health?wait_for_status=green&timeout=${1:-1s}" 2>/dev/null |
    sed -n 's/.*"status":"\([a-z]*\)".*/\1/p' || true
}
node_version() {
  curl -s -m 5 "$URL/" 2>/dev/null | tr -d '\n ' | sed -n 's/.*"version":{"number":"\([^"]*\)".*/\1/p' || true
}
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# ---------------------------------------------------------------- already running?
if [ -f "$PIDFILE" ]; then
  OLD_PID="$(cat "$PIDFILE" 2>/dev/null || true)"
  if alive "$OLD_PID"; then
    STATUS="$(cluster_status 5s)"
    if [ "$STATUS" = green ] || [ "$STATUS" = yellow ]; then
      log "already running (pid $OLD_PID, cluster $STATUS)"
      echo "ELASTICSEARCH_URL=$URL"
      echo "ELASTICSEARCH_VERSION=$(node_version)"
      exit 0
    fi
    die "pid $OLD_PID from $PIDFILE is alive but $URL is not healthy (status '${STATUS:-unreachable}'); run stop.sh --port $PORT"
  fi
  rm -f "$PIDFILE"
fi
if curl -s -m 2 -o /dev/null "$URL/" 2>/dev/null; then
  die "port $PORT already answers HTTP but is not a node started by this runner; pick another --port"
fi

# ---------------------------------------------------------------- assemble (cached)
mvn_copy() { # group artifact outdir
  mvn -B -q -f "$HERE/pom.xml" ${VIGIE_ES_MAVEN_REPO:+-Dmaven.repo.local="$VIGIE_ES_MAVEN_REPO"} dependency:copy-dependencies \
    -Des.group="$1" -Des.artifact="$2" -Des.version="$ES_VERSION" -DoutputDirectory="$3" \
    >"$WORK/mvn.log" 2>&1 || { cat "$WORK/mvn.log" >&2; die "maven could not resolve $1:$2:$ES_VERSION"; }
}

assemble() {
  local tmp="$DIST.partial"
  rm -rf "$tmp"
  mkdir -p "$tmp/modules" "$WORK"
  log "assembling Elasticsearch $ES_VERSION from Maven Central into $DIST"
  mvn_copy org.elasticsearch elasticsearch "$tmp/lib"
  mvn_copy org.elasticsearch elasticsearch-entitlement-bridge "$tmp/bridge"
  local m j
  for m in "${MODULES[@]}"; do
    mvn_copy org.elasticsearch.plugin "$m" "$tmp/modules/$m"
    # a module must not repeat a jar the server already has (jar hell / split packages)
    for j in "$tmp/modules/$m"/*.jar; do
      [ -e "$tmp/lib/$(basename "$j")" ] && rm -f "$j"
    done
    # the plugin descriptor and entitlement policy ship inside the module's own jar
    (cd "$tmp/modules/$m" && "$JDK/bin/jar" xf "$m-$ES_VERSION.jar" "META-INF/es-plugins/$m")
    [ -f "$tmp/modules/$m/META-INF/es-plugins/$m/plugin-descriptor.properties" ] ||
      die "$m-$ES_VERSION.jar has no META-INF/es-plugins/$m/plugin-descriptor.properties"
    mv "$tmp/modules/$m/META-INF/es-plugins/$m/"* "$tmp/modules/$m/"
    rm -rf "$tmp/modules/$m/META-INF"
  done
  mkdir -p "$tmp/bin" "$tmp/plugins"
  touch "$tmp/.complete"
  rm -rf "$DIST"
  mv "$tmp" "$DIST"
}
# one assembler at a time (parallel start.sh on a cold cache)
mkdir -p "$WORK"
if command -v flock >/dev/null; then exec 9>"$WORK/.assemble.lock"; flock 9; fi
[ -f "$DIST/.complete" ] || assemble

# helpers (our own code): recompiled when their sources change
TOOLS="$DIST/tools"
COMPAT="$DIST/modules/vigie-es-compat"
NEWER_SRC="$(find "$HERE/launcher" "$HERE/compat-plugin" -name '*.java' -newer "$TOOLS/.built" 2>/dev/null | head -1 || true)"
if [ ! -f "$TOOLS/.built" ] || [ -n "$NEWER_SRC" ]; then
  rm -rf "$TOOLS" "$DIST/lib/tools" "$COMPAT"
  mkdir -p "$TOOLS/classes" "$TOOLS/agent" "$TOOLS/console" "$TOOLS/compat" "$DIST/lib/tools/ansi-console" "$COMPAT"
  "$JDK/bin/javac" -nowarn -d "$TOOLS/classes" -cp "$DIST/lib/*" "$HERE/launcher/ServerArgsWriter.java" ||
    die "could not compile ServerArgsWriter against Elasticsearch $ES_VERSION"
  "$JDK/bin/javac" -nowarn -d "$TOOLS/agent" "$HERE/launcher/VigieEntitlementAgent.java"
  printf 'Agent-Class: VigieEntitlementAgent\nPremain-Class: VigieEntitlementAgent\nCan-Retransform-Classes: true\nCan-Redefine-Classes: true\n' >"$TOOLS/agent.mf"
  "$JDK/bin/jar" cfm "$TOOLS/vigie-entitlement-agent.jar" "$TOOLS/agent.mf" -C "$TOOLS/agent" .
  # the server always loads org.elasticsearch.io.ansi.AnsiConsoleLoader from lib/tools/ansi-console
  "$JDK/bin/javac" -nowarn -d "$TOOLS/console" "$HERE/launcher/org/elasticsearch/io/ansi/AnsiConsoleLoader.java"
  "$JDK/bin/jar" cf "$DIST/lib/tools/ansi-console/vigie-ansi-console.jar" -C "$TOOLS/console" .
  # our module for the REST endpoints whose stock modules are not on Maven Central (see compat-plugin/)
  # shellcheck disable=SC2046
  "$JDK/bin/javac" -nowarn -Xlint:-deprecation -d "$TOOLS/compat" -cp "$DIST/lib/*" $(find "$HERE/compat-plugin" -name '*.java') ||
    die "could not compile compat-plugin against Elasticsearch $ES_VERSION"
  "$JDK/bin/jar" cf "$COMPAT/vigie-es-compat.jar" -C "$TOOLS/compat" .
  printf '%s\n' "description=Vigie test-node endpoints: GET|HEAD /, GET|DELETE /_data_stream" "version=1.0.0" \
    "name=vigie-es-compat" "classname=io.vigie.es.compat.VigieEsCompatPlugin" "java.version=17" \
    "elasticsearch.version=$ES_VERSION" >"$COMPAT/plugin-descriptor.properties"
  touch "$TOOLS/.built"
fi
if command -v flock >/dev/null; then flock -u 9; exec 9>&-; fi

# ---------------------------------------------------------------- node directory + config
mkdir -p "$NODE/config" "$NODE/data" "$NODE/logs" "$NODE/tmp"
XPACK=""
[ -d "$DIST/modules/x-pack-core" ] && XPACK="xpack.security.enabled: false"
sed -e "s|@PORT@|$PORT|g" -e "s|@NODE_DIR@|$NODE|g" -e "s|@XPACK@|$XPACK|" \
  "$HERE/config/elasticsearch.yml" >"$NODE/config/elasticsearch.yml"
cp "$HERE/config/log4j2.properties" "$NODE/config/log4j2.properties"

"$JAVA" -cp "$TOOLS/classes:$DIST/lib/*" ServerArgsWriter "$DIST" "$NODE/config" "$NODE/server-args.bin" \
  >"$NODE/logs/server-args.log" 2>&1 || { cat "$NODE/logs/server-args.log" >&2; die "invalid node configuration"; }

# ---------------------------------------------------------------- JVM command line
mapfile -t JVM_OPTS < <(grep -v -E '^\s*(#|$)' "$HERE/jvm.options")
# shellcheck disable=SC2206
EXTRA_OPTS=(${ES_JAVA_OPTS:-})
BRIDGE_JAR="$(ls "$DIST"/bridge/elasticsearch-entitlement-bridge-*.jar)"
ENTITLEMENT_OPTS=(
  -Djdk.attach.allowAttachSelf=true
  "-Des.entitlement.agentJar=$TOOLS/vigie-entitlement-agent.jar"
  "--patch-module=java.base=$BRIDGE_JAR"
  --add-exports=java.base/org.elasticsearch.entitlement.bridge=org.elasticsearch.entitlement
)
[ "$JAVA_FEATURE" -ge 21 ] && ENTITLEMENT_OPTS+=(-XX:+EnableDynamicAgentLoading "--enable-native-access=org.elasticsearch.nativeaccess,org.apache.lucene.core")
ROOT_OPTS=()
if [ "$(id -u)" = 0 ]; then
  # Elasticsearch refuses to run as root once its native layer (JNA) detects it. For a throw-away
  # test node we keep JNA from loading instead; the node then runs without seccomp/mlockall
  # (it logs "native access will be disabled"). Run as a non-root user to avoid this.
  log "running as root: disabling Elasticsearch native access (JNA) for this test node"
  ROOT_OPTS=(-Djna.tmpdir=/nonexistent-vigie-es -Djna.nounpack=true -Djna.boot.library.path=/nonexistent-vigie-es)
fi

log "starting Elasticsearch $ES_VERSION on $URL (java $JAVA_FEATURE, logs in $NODE/logs)"
START_NS="$(date +%s%N)"
(
  cd "$DIST"
  export LIBFFI_TMPDIR="$NODE/tmp" # server-cli sets this; the server refuses to boot without it
  unset ES_TMPDIR
  exec setsid "$JAVA" "${JVM_OPTS[@]}" "${EXTRA_OPTS[@]}" "${ENTITLEMENT_OPTS[@]}" "${ROOT_OPTS[@]}" \
    "-Des.path.home=$DIST" "-Des.path.conf=$NODE/config" "-Djava.io.tmpdir=$NODE/tmp" \
    "-XX:ErrorFile=$NODE/logs/hs_err_pid%p.log" \
    --module-path "$DIST/lib" --add-modules=jdk.net --add-modules=ALL-MODULE-PATH \
    -m org.elasticsearch.server/org.elasticsearch.bootstrap.Elasticsearch \
    <"$NODE/server-args.bin" >"$NODE/logs/stdout.log" 2>&1
) &
ES_PID=$!
echo "$ES_PID" >"$PIDFILE"

# ---------------------------------------------------------------- wait for health
DEADLINE=$(( $(date +%s) + TIMEOUT ))
STATUS=""
while :; do
  if ! alive "$ES_PID"; then
    rm -f "$PIDFILE"
    log "Elasticsearch exited during startup; last lines of $NODE/logs:"
    tail -n 40 "$NODE/logs/stdout.log" >&2 || true
    tail -n 20 "$NODE/logs/vigie-test.log" >&2 2>/dev/null || true
    exit 1
  fi
  STATUS="$(cluster_status 1s)"
  [ "$STATUS" = green ] && break
  if [ "$STATUS" = yellow ]; then
    # single node: replicas can never be assigned, yellow is as good as it gets
    STATUS="$(cluster_status 5s)"; [ -n "$STATUS" ] || STATUS=yellow
    break
  fi
  if [ "$(date +%s)" -ge "$DEADLINE" ]; then
    log "no healthy cluster after ${TIMEOUT}s (status '${STATUS:-unreachable}'); stopping it. Logs: $NODE/logs"
    tail -n 40 "$NODE/logs/vigie-test.log" >&2 2>/dev/null || true
    "$HERE/stop.sh" --port "$PORT" >&2 || true
    exit 1
  fi
  sleep 0.5
done
ELAPSED_MS=$(( ($(date +%s%N) - START_NS) / 1000000 ))
log "cluster $STATUS after ${ELAPSED_MS} ms (pid $ES_PID)"
echo "ELASTICSEARCH_URL=$URL"
echo "ELASTICSEARCH_VERSION=$(node_version)"
