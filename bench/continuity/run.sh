#!/usr/bin/env bash
# Context continuity compared: builds the continuity application once, writes one classpath per tracing setup
# (profiles of bench/continuity/pom.xml), fetches the OpenTelemetry agents, then runs the application once per setup
# and renders bench/continuity/target/continuity.md. Functional, not timed: each setup takes well under a minute.
# Usage: bench/continuity/run.sh [variant,variant,...]   (default: all; names in Variant.java)
set -euo pipefail
cd "$(dirname "$0")/../.."
VARIANTS="${1:-all}"
POM=bench/continuity/pom.xml
TARGET=bench/continuity/target
MVN=(./mvnw -B -q -ntp -f "$POM")

"${MVN[@]}" package -DskipTests
mkdir -p "$TARGET/classpath" "$TARGET/agents"
# The application's classpath per setup: runtime scope only, so the runner's broker (provided) is never on it.
"${MVN[@]}" dependency:build-classpath -DincludeScope=runtime -Dcontinuity.app-classpath \
  -Dmdep.outputFile=target/classpath/bare.txt
for profile in tracewire boot otel-starter; do
  "${MVN[@]}" -P "$profile" dependency:build-classpath -DincludeScope=runtime -Dcontinuity.app-classpath \
    -Dmdep.outputFile="target/classpath/$profile.txt"
done
# The runner's own classpath: everything, including the KRaft broker.
"${MVN[@]}" dependency:build-classpath -Dmdep.outputFile=target/classpath/runner.txt
for version in 2.28.1 2.33.1; do
  if [[ ! -f "$TARGET/agents/opentelemetry-javaagent-$version.jar" ]]; then
    "${MVN[@]}" dependency:copy -Dartifact="io.opentelemetry.javaagent:opentelemetry-javaagent:$version" \
      -DoutputDirectory=target/agents
  fi
done

java -Xmx512m -cp "$TARGET/classes:$(cat "$TARGET/classpath/runner.txt")" \
  dev.tracewire.bench.continuity.runner.ContinuityRunner \
  "$TARGET/classes" "$TARGET/classpath" "$TARGET/agents" "$TARGET" "$VARIANTS"
