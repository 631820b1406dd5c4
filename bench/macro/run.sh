#!/usr/bin/env bash
# Macro benchmark (issue 8): builds what it needs, then runs every variant interleaved (A B C ... C B A) with
# warm-up, the application pinned to CPU 0 and everything else (wrk, the fixed-rate driver, the OTLP sink, Kafka,
# PostgreSQL) to CPU 1. Results: bench/macro/target/results.json and results.md.
#
#   bench/macro/run.sh --quick          # smoke run: a few seconds per step, proves the pipeline (about 25-30 minutes)
#   bench/macro/run.sh                  # the full method (hours: see bench/macro/README.md)
#   bench/macro/run.sh --variants none,tracewire --scenarios S1 --reps 3   # a subset; any Runner option works
#   bench/macro/run.sh --resume ...the same options...                    # carry on a stopped run
set -euo pipefail
cd "$(dirname "$0")/../.."
MACRO=bench/macro
AGENT_VERSIONS=(2.28.1 2.33.1)   # 2.28.1 bundles the OpenTelemetry SDK/API 1.62.0; 2.33.1 is the newest here
OTEL_STARTER_VERSION="${OTEL_STARTER_VERSION:-2.25.0}"
MVN="${MVN:-mvn}"

for tool in wrk taskset java; do
  command -v "$tool" > /dev/null || { echo "missing: $tool (wrk: apt-get install -y wrk)" >&2; exit 1; }
done
if [ "$(nproc)" -lt 2 ]; then
  echo "needs 2 CPUs: the application on CPU 0, load and infrastructure on CPU 1" >&2; exit 1
fi

# The application jar takes Tracewire's starters from the local Maven repository: install them from this tree
# first, so that a run measures the code it is started from. The runner copies the jars it measures into
# target/jars when a run starts, and --resume keeps using those copies (see README.md, "Duration").
COMMIT="$(git rev-parse --short HEAD 2> /dev/null || echo unknown)"
if [ -n "$(git status --porcelain -- pom.xml tracewire-bom starter-core starter-webflux starter-messaging starter-jdbc \
    "$MACRO/app" 2> /dev/null)" ]; then
  COMMIT="$COMMIT with uncommitted changes"
fi
echo "building Tracewire's starters, the application and tools ($COMMIT)"
"$MVN" -B -q install -DskipTests -pl tracewire-bom,starter-core,starter-webflux,starter-messaging,starter-jdbc -am
# Maven keeps a jar whose own classes did not change, even if the starters it bundles did: build it anew.
rm -f "$MACRO/app/target/macro-app.jar"
"$MVN" -B -q -f "$MACRO/pom.xml" package -DskipTests

mkdir -p "$MACRO/target/agents"
AGENT_ARGS=()
for version in "${AGENT_VERSIONS[@]}"; do
  jar="$MACRO/target/agents/opentelemetry-javaagent-$version.jar"
  if [ ! -f "$jar" ]; then
    "$MVN" -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="io.opentelemetry.javaagent:opentelemetry-javaagent:$version" \
      -DoutputDirectory="$MACRO/target/agents"
  fi
  AGENT_ARGS+=(--agent "$version=$jar")
done

# The OpenTelemetry Spring Boot starter needs other dependencies: a second jar from the otel-starter profile.
STATUS="$MACRO/target/otel-starter-status.txt"
OTEL_JAR="$MACRO/app/target/otel-starter/macro-app-otel-starter.jar"
if "$MVN" -B -q -f "$MACRO/app/pom.xml" -Potel-starter -Dotel-starter.version="$OTEL_STARTER_VERSION" package \
    -DskipTests > "$MACRO/target/otel-starter-build.log" 2>&1; then
  echo "io.opentelemetry.instrumentation:opentelemetry-spring-boot-starter:$OTEL_STARTER_VERSION built" > "$STATUS"
else
  rm -f "$OTEL_JAR"
  { echo "io.opentelemetry.instrumentation:opentelemetry-spring-boot-starter:$OTEL_STARTER_VERSION did not build:";
    grep -E '^\[ERROR\]' "$MACRO/target/otel-starter-build.log" | head -5; } > "$STATUS"
fi

exec taskset -c 1 java -Xmx1g -cp "$MACRO/tools/target/tools.jar:$MACRO/tools/target/lib/*" \
  dev.tracewire.bench.macro.tools.Runner \
  --out "$MACRO/target" --main-jar "$MACRO/app/target/macro-app.jar" "${AGENT_ARGS[@]}" \
  --otel-starter-jar "$OTEL_JAR" --otel-starter-version "$OTEL_STARTER_VERSION" --otel-starter-status "$STATUS" \
  --commit "$COMMIT" "$@"
