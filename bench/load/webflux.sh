#!/usr/bin/env bash
# WebFlux load benchmark: GET /hop (a publishOn hop and one WebClient call) under three variants, run in one
# session and interleaved (A B C C B A ...), the app pinned to CPU 0 and wrk to CPU 1. Prints one line per run;
# BENCHMARKS.md quotes the medians. Usage: bench/load/webflux.sh [rounds] [seconds-per-run]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS="${1:-3}"
SECONDS_PER_RUN="${2:-20}"
PORT=18080
./mvnw -B -q -ntp -pl bench -am package -DskipTests
./mvnw -B -q -ntp -pl bench dependency:build-classpath -Dmdep.outputFile=target/load-classpath.txt
CP="bench/target/classes:$(cat bench/target/load-classpath.txt)"

declare -A VARIANT_ARGS=(
  [none]="--tracewire.enabled=false --management.opentelemetry.enabled=false"
  [boot-auto]="--tracewire.enabled=false --management.tracing.sampling.probability=1.0 --spring.reactor.context-propagation=auto"
  [tracewire]="--management.tracing.sampling.probability=1.0 --tracewire.sampling.rate-limit.enabled=false"
)
ORDER=(none boot-auto tracewire)

run_variant() {
  local variant="$1"
  # shellcheck disable=SC2086
  taskset -c 0 java -Xms512m -Xmx512m -cp "$CP" dev.tracewire.bench.webflux.HopApplication \
    --server.port=$PORT --logging.level.root=WARN ${VARIANT_ARGS[$variant]} > "bench/target/load-$variant.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/hop" > /dev/null 2>&1 && break
    sleep 0.5
  done
  # Warm up, then measure.
  taskset -c 1 wrk -t1 -c32 -d"${SECONDS_PER_RUN}s" "http://127.0.0.1:$PORT/hop" > /dev/null
  local out
  out=$(taskset -c 1 wrk -t1 -c32 -d"${SECONDS_PER_RUN}s" --latency "http://127.0.0.1:$PORT/hop")
  local rps p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  echo "variant=$variant requests_per_second=$rps p99=$p99"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 == 1 )); then variants=("${ORDER[@]}"); else variants=(tracewire boot-auto none); fi
  for variant in "${variants[@]}"; do
    run_variant "$variant"
  done
done
