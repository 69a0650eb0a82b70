#!/usr/bin/env bash
# Smoke-check an Elasticsearch node for the features Vigie's storage layer relies on.
#
#   deploy/es-runner/smoke.sh [--url http://127.0.0.1:9200] [--strict]
#
# Checks (each one must pass, else exit 1):
#   GET / and HEAD /, a component + composable index template with data_stream:{},
#   _bulk "create" into the data stream, GET /_data_stream, search_after paging,
#   date_histogram + terms aggregations, term/wildcard queries with case_insensitive,
#   a `wildcard`-typed field (see below), DELETE /_data_stream.
#
# The `wildcard` field type comes from the x-pack wildcard plugin, which is not on Maven Central,
# so the es-runner node does not have it. Without --strict the check then maps that field as
# `keyword` (same query semantics) and prints SKIP; with --strict a missing `wildcard` type fails.
# Needs curl and node (for JSON assertions).
set -euo pipefail

URL="${ELASTICSEARCH_URL:-http://127.0.0.1:9200}"
STRICT=0
while [ $# -gt 0 ]; do
  case "$1" in
    --url) URL="$2"; shift 2 ;;
    --url=*) URL="${1#--url=}"; shift ;;
    --strict) STRICT=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "smoke: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
URL="${URL%/}"
command -v node >/dev/null || { echo "smoke: node is required" >&2; exit 2; }

P="vigie-smoke"
DS="$P-events"
PASS=0
BODY=""
CODE=""

req() { # method path [json-body] -> sets BODY, CODE
  local method="$1" path="$2" data="${3:-}" out
  if [ -n "$data" ]; then
    out="$(curl -s -m 30 -w '\n%{http_code}' -X "$method" "$URL$path" -H 'Content-Type: application/json' --data-binary "$data")" || out=$'\n000'
  else
    out="$(curl -s -m 30 -w '\n%{http_code}' -X "$method" "$URL$path")" || out=$'\n000'
  fi
  CODE="${out##*$'\n'}"
  BODY="${out%$'\n'*}"
}
fail() { echo "FAIL  $1"; echo "      HTTP $CODE: ${BODY:0:600}"; cleanup; exit 1; }
ok() { PASS=$((PASS + 1)); echo "ok    $1"; }
# assert <description> <js expression over `r` (parsed BODY)>
assert() {
  if CHECK="$2" node -e '
    const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
    process.exit(new Function("r", "return (" + process.env.CHECK + ");")(r) ? 0 : 1);
  ' <<<"$BODY" 2>/dev/null; then ok "$1"; else fail "$1"; fi
}
expect_code() { [ "$CODE" = "$2" ] && ok "$1" || fail "$1 (expected HTTP $2)"; }
cleanup() {
  curl -s -m 10 -o /dev/null -X DELETE "$URL/_data_stream/$P-*" || true
  curl -s -m 10 -o /dev/null -X DELETE "$URL/_index_template/$P" || true
  curl -s -m 10 -o /dev/null -X DELETE "$URL/_component_template/$P-mappings" || true
  curl -s -m 10 -o /dev/null -X DELETE "$URL/$P-probe" || true
}

echo "smoke: $URL"
cleanup

# -- root endpoint (client.info() / client.ping())
req GET /
assert "GET / reports a version" 'typeof r.version?.number === "string" && /^\d+\.\d+\.\d+/.test(r.version.number)'
echo "      version ${BODY#*\"number\":\"}" | cut -d'"' -f1
CODE="$(curl -s -m 10 -o /dev/null -w '%{http_code}' -I "$URL/")"
expect_code "HEAD / answers" 200

# -- wildcard field type available?
WILDCARD_TYPE=wildcard
req PUT "/$P-probe" '{"mappings":{"properties":{"w":{"type":"wildcard"}}}}'
if [ "$CODE" = 200 ]; then
  ok "wildcard field type is available"
elif [[ "$BODY" == *"mapper type [wildcard]"* ]]; then
  [ "$STRICT" = 1 ] && fail "wildcard field type is missing (--strict)"
  WILDCARD_TYPE=keyword
  echo "SKIP  wildcard field type missing on this node (x-pack wildcard plugin not on Maven Central); using keyword"
else
  fail "probe index with a wildcard field"
fi
req DELETE "/$P-probe"

# -- composable template (component template + index template) with a data stream
req PUT "/_component_template/$P-mappings" '{"template":{"mappings":{"dynamic":"strict","properties":{
  "@timestamp":{"type":"date"},
  "event":{"properties":{"id":{"type":"keyword"},"code":{"type":"keyword"}}},
  "user":{"properties":{"name":{"type":"keyword"}}},
  "process":{"properties":{"command_line":{"type":"'"$WILDCARD_TYPE"'"}}}}}}}'
assert "component template created" 'r.acknowledged === true'
req PUT "/_index_template/$P" '{"index_patterns":["'"$P"'-*"],"data_stream":{},"priority":500,
  "composed_of":["'"$P"'-mappings"],"template":{"settings":{"number_of_shards":1,"number_of_replicas":0}}}'
assert "composable index template with data_stream created" 'r.acknowledged === true'

# -- _bulk create into the data stream (auto-creates it)
NDJSON=""
add() { NDJSON+='{"create":{}}'$'\n''{"@timestamp":"'"$1"'","event":{"id":"'"$2"'","code":"'"$3"'"},"user":{"name":"'"$4"'"},"process":{"command_line":"'"$5"'"}}'$'\n'; }
add 2024-05-01T10:05:00Z e1 4624 Alice 'C:\\Windows\\System32\\PowerShell.exe -enc SQBFAFgA'
add 2024-05-01T10:20:00Z e2 4624 alice 'cmd.exe /c whoami'
add 2024-05-01T10:40:00Z e3 4625 bob '/usr/bin/curl http://example.test'
add 2024-05-01T11:10:00Z e4 4688 ALICE 'powershell -nop -w hidden'
add 2024-05-01T11:50:00Z e5 4688 carol 'notepad.exe report.txt'
add 2024-05-01T12:30:00Z e6 4625 bob 'ssh root@10.0.0.5'
BODY="$(curl -s -m 30 -X POST "$URL/$DS/_bulk?refresh=true" -H 'Content-Type: application/x-ndjson' --data-binary "$NDJSON")"; CODE=bulk
assert "_bulk create of 6 docs into the data stream" 'r.errors === false && r.items.length === 6 && r.items.every(i => i.create.status === 201 && i.create._index.startsWith(".ds-'"$DS"'-"))'

req GET "/_data_stream/$DS"
assert "GET /_data_stream lists it with a backing index" 'r.data_streams.length === 1 && r.data_streams[0].name === "'"$DS"'" && r.data_streams[0].indices.length === 1'

# -- search_after paging (sort on @timestamp then event.id)
SORT='"sort":[{"@timestamp":"asc"},{"event.id":"asc"}]'
req POST "/$DS/_search" '{"size":2,'"$SORT"',"_source":["event.id"]}'
assert "page 1 = e1,e2" 'r.hits.hits.map(h => h._source.event.id).join() === "e1,e2"'
AFTER="$(node -e 'const r=JSON.parse(require("fs").readFileSync(0,"utf8"));process.stdout.write(JSON.stringify(r.hits.hits.at(-1).sort))' <<<"$BODY")"
req POST "/$DS/_search" '{"size":2,'"$SORT"',"_source":["event.id"],"search_after":'"$AFTER"'}'
assert "search_after page 2 = e3,e4" 'r.hits.hits.map(h => h._source.event.id).join() === "e3,e4"'
AFTER="$(node -e 'const r=JSON.parse(require("fs").readFileSync(0,"utf8"));process.stdout.write(JSON.stringify(r.hits.hits.at(-1).sort))' <<<"$BODY")"
req POST "/$DS/_search" '{"size":2,'"$SORT"',"_source":["event.id"],"search_after":'"$AFTER"'}'
assert "search_after page 3 = e5,e6" 'r.hits.hits.map(h => h._source.event.id).join() === "e5,e6"'

# -- aggregations
req POST "/$DS/_search" '{"size":0,"aggs":{
  "per_hour":{"date_histogram":{"field":"@timestamp","fixed_interval":"1h","min_doc_count":0}},
  "codes":{"terms":{"field":"event.code","size":10}}}}'
assert "date_histogram 1h buckets = 10h:3, 11h:2, 12h:1" \
  'r.aggregations.per_hour.buckets.map(b => b.key_as_string.slice(11,13) + ":" + b.doc_count).join() === "10:3,11:2,12:1"'
assert "terms on event.code = 4624:2, 4625:2, 4688:2" \
  'r.aggregations.codes.buckets.map(b => b.key + ":" + b.doc_count).sort().join() === "4624:2,4625:2,4688:2"'

# -- case_insensitive term and wildcard queries
req POST "/$DS/_count" '{"query":{"term":{"user.name":{"value":"aLiCe","case_insensitive":true}}}}'
assert "term case_insensitive: aLiCe matches Alice, alice, ALICE" 'r.count === 3'
req POST "/$DS/_count" '{"query":{"term":{"user.name":{"value":"aLiCe"}}}}'
assert "term without case_insensitive matches nothing" 'r.count === 0'
req POST "/$DS/_count" '{"query":{"wildcard":{"process.command_line":{"value":"*POWERSHELL*","case_insensitive":true}}}}'
assert "wildcard *POWERSHELL* case_insensitive on the $WILDCARD_TYPE field = 2" 'r.count === 2'
req POST "/$DS/_count" '{"query":{"wildcard":{"process.command_line":{"value":"*POWERSHELL*"}}}}'
assert "wildcard without case_insensitive = 0" 'r.count === 0'

# -- delete the data stream
req DELETE "/_data_stream/$DS"
assert "DELETE /_data_stream" 'r.acknowledged === true'
req GET "/_data_stream/$DS"
expect_code "data stream is gone" 404

cleanup
echo "smoke: $PASS checks passed against $URL${WILDCARD_TYPE:+ (wildcard field mapped as $WILDCARD_TYPE)}"
