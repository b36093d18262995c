#!/usr/bin/env bash
# End to end, one command: the observability demo serves /metrics; a real Prometheus (Debian's package)
# scrapes it on loopback with selfheal-rules.yml loaded; crashes are injected until the root supervisor
# gives up; the script waits until Prometheus's API reports SelfhealEscalationReachedRoot firing and until
# every query of the Grafana dashboard returns data; then it stops everything it started.
#
# Usage: examples/observability/e2e.sh        (from anywhere; needs java 17, mvn, prometheus, curl, python3)
# Env:   APP_PORT (19464), PROM_PORT (19090), DEADLINE seconds (300), MVN_FLAGS (extra flags, e.g. -o)
# Not part of `mvn verify`: it takes about a minute and runs a server.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
APP_PORT=${APP_PORT:-19464}
PROM_PORT=${PROM_PORT:-19090}
DEADLINE=${DEADLINE:-300}
ALERT=SelfhealEscalationReachedRoot
WORK=$(mktemp -d -t selfheal-e2e.XXXXXX)
PIDS=()

log() { printf '[e2e %3ds] %s\n' "$SECONDS" "$*"; }
cleanup() {
  local rc=$?
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ "$rc" -ne 0 ]; then
    log "FAILED (exit $rc); last lines of the logs:"
    tail -n 20 "$WORK/app.log" "$WORK/prometheus.log" 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in java mvn prometheus curl python3; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool is needed (prometheus: apt-get install prometheus)" >&2; exit 2; }
done
remaining() { echo $((DEADLINE - SECONDS)); }
# until_ok <what> <command...>: retries the command every second until it succeeds or the deadline passes
until_ok() {
  local what=$1
  shift
  until "$@" >/dev/null 2>&1; do
    if [ "$(remaining)" -le 0 ]; then
      log "timed out waiting for: $what"
      return 1
    fi
    sleep 1
  done
}

log "building the examples (skipping tests)"
# shellcheck disable=SC2086 # MVN_FLAGS is a list of flags
(cd "$ROOT" && mvn -B -ntp -q ${MVN_FLAGS:-} -pl examples -am -DskipTests package \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile="$WORK/classpath" -DincludeScope=runtime </dev/null)

log "starting the demo service on 127.0.0.1:$APP_PORT"
java -cp "$ROOT/examples/target/classes:$(cat "$WORK/classpath")" dev.selfheal.examples.ObservabilityDemo \
  "$APP_PORT" >"$WORK/app.log" 2>&1 </dev/null &
PIDS+=($!)
until_ok "the demo's /metrics" curl -fsS "http://127.0.0.1:$APP_PORT/metrics"

cat >"$WORK/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $HERE/prometheus/selfheal-rules.yml
scrape_configs:
  - job_name: selfheal-demo
    static_configs:
      - targets: ['127.0.0.1:$APP_PORT']
EOF
log "starting Prometheus $(prometheus --version 2>&1 | head -n 1 | awk '{print $3}') on 127.0.0.1:$PROM_PORT"
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" --log.level=warn >"$WORK/prometheus.log" 2>&1 </dev/null &
PIDS+=($!)
API="http://127.0.0.1:$PROM_PORT/api/v1"
until_ok "Prometheus ready" curl -fsS "http://127.0.0.1:$PROM_PORT/-/ready"

# query <promql>: exit 0 when the instant query returns at least one sample
query() {
  curl -fsS --get "$API/query" --data-urlencode "query=$1" | python3 -c '
import json, sys
r = json.load(sys.stdin)
sys.exit(0 if r["status"] == "success" and r["data"]["result"] else 1)'
}
until_ok "the demo target up" query 'up{job="selfheal-demo"} == 1'
sleep 3 # a few scrapes, so that rates have two points

log "injecting faults: the inventory dependency fails, shop/db crashes 4 times (root intensity is 3 per minute)"
curl -fsS -X POST "http://127.0.0.1:$APP_PORT/fault/dependency" >/dev/null
for i in 1 2 3 4; do
  curl -fsS -X POST "http://127.0.0.1:$APP_PORT/fault/crash" >/dev/null
  sleep 2 # each restart (200 ms backoff) completes and is scraped before the next crash
done

alert_firing() {
  curl -fsS "$API/alerts" | python3 -c '
import json, sys
alerts = json.load(sys.stdin)["data"]["alerts"]
sys.exit(0 if any(a["labels"]["alertname"] == sys.argv[1] and a["state"] == "firing" for a in alerts) else 1)' "$ALERT"
}
until_ok "$ALERT firing" alert_firing
log "$ALERT is firing"

python3 - "$HERE/grafana/selfheal-dashboard.json" >"$WORK/queries" <<'EOF'
import json, sys
def walk(panels):
    for p in panels:
        walk(p.get("panels", []))
        for t in p.get("targets", []):
            print(json.dumps([p["title"], t["expr"]]))
walk(json.load(open(sys.argv[1]))["panels"])
EOF
total=$(wc -l <"$WORK/queries")
while read -r line; do
  title=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])[0])' "$line")
  expr=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])[1])' "$line")
  started=$SECONDS
  until_ok "data for panel '$title': $expr" query "$expr"
  if [ $((SECONDS - started)) -gt 2 ]; then
    log "panel '$title' had data after $((SECONDS - started))s: $expr"
  fi
done <"$WORK/queries"
log "all $total dashboard queries return data"

firing=$(curl -fsS "$API/alerts" | python3 -c '
import json, sys
print(", ".join(sorted({a["labels"]["alertname"] + "(" + a["state"] + ")" for a in json.load(sys.stdin)["data"]["alerts"]})))')
log "alerts now: $firing"
log "PASSED in ${SECONDS}s"
