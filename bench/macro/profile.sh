#!/usr/bin/env bash
# CPU profile of one variant under saturation load, with async-profiler (itimer, 1 ms), in the macro benchmark's
# setting: the application pinned to CPU 0 with the command line the runner used for it, wrk and the
# infrastructure on CPU 1. Writes collapsed stacks (one line per stack: frames;separated count), to compare with
# another variant's. Not part of the measurement: run it when no run is going on.
#
#   bench/macro/profile.sh tracewire              # S1 (/hello), 150 s warm-up, 30 s profiled
#   bench/macro/profile.sh boot-auto /checkout 300
#
# The variant's command comes from a run's bench/macro/target/runs/<variant>-rep0/command.txt (run.sh writes
# it), so run.sh must have run that variant once. Output: bench/macro/target/profile/<variant>/cpu.collapsed and
# wrk.txt (throughput while profiled: within run-to-run noise of an unprofiled run here, unlike JFR, which cut
# S1 to a seventh).
set -euo pipefail
cd "$(dirname "$0")/../.."
MACRO=bench/macro
VARIANT="${1:?usage: profile.sh <variant> [path] [warm-up seconds]}"
URL_PATH="${2:-/hello}"
WARMUP="${3:-150}"
MVN="${MVN:-mvn}"
COMMAND="$MACRO/target/runs/$VARIANT-rep0/command.txt"
[ -f "$COMMAND" ] || { echo "no $COMMAND: run bench/macro/run.sh with this variant first" >&2; exit 1; }
OUT="$MACRO/target/profile/$VARIANT"
rm -rf "$OUT" && mkdir -p "$OUT"

PROFILER="$MACRO/target/async-profiler"
if [ ! -f "$PROFILER/linux-x64/libasyncProfiler.so" ]; then
  "$MVN" -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact=tools.profiler:async-profiler:4.2 -DoutputDirectory="$PROFILER"
  (cd "$PROFILER" && unzip -q -o async-profiler-4.2.jar 'linux-x64/*')
fi
LIBRARY="$(pwd)/$PROFILER/linux-x64/libasyncProfiler.so"
# Loads the profiler into the running application through the attach API (jcmd's JVMTI.agent_load cuts the
# options at the first comma).
ATTACH="$OUT/Attach.java"
cat > "$ATTACH" << 'EOF'
public class Attach {
	public static void main(String[] args) throws Exception {
		var vm = com.sun.tools.attach.VirtualMachine.attach(args[0]);
		try {
			vm.loadAgentPath(args[1], args[2]);
		}
		finally {
			vm.detach();
		}
	}
}
EOF

CP="$MACRO/tools/target/tools.jar:$MACRO/tools/target/lib/*"
taskset -c 1 java -cp "$CP" dev.tracewire.bench.macro.tools.Infra > "$OUT/infra.log" 2>&1 &
INFRA=$!
APP=
trap 'kill $APP $INFRA 2> /dev/null || true' EXIT
for _ in $(seq 1 180); do grep -q '^READY' "$OUT/infra.log" && break; sleep 1; done
KAFKA="$(grep '^READY' "$OUT/infra.log" | grep -o 'kafka=[^ ]*' | cut -d= -f2)"
[ -n "$KAFKA" ] || { echo "infrastructure did not start: $OUT/infra.log" >&2; exit 1; }

# The run's command, with this infrastructure's Kafka port and this directory's log file.
read -r -a ARGS < "$COMMAND"
ARGS=("${ARGS[@]/#--spring.kafka.bootstrap-servers=*/--spring.kafka.bootstrap-servers=$KAFKA}")
ARGS=("${ARGS[@]/#--logging.file.name=*/--logging.file.name=$OUT/app.log}")
"${ARGS[@]}" > "$OUT/console.log" 2>&1 &
APP=$!
PORT="$(printf '%s\n' "${ARGS[@]}" | sed -n 's/^--server.port=//p')"
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$PORT/hello" > /dev/null && break; sleep 0.5; done

echo "warming up $VARIANT on $URL_PATH for $WARMUP s"
taskset -c 1 wrk -t1 -c32 -d"${WARMUP}s" "http://127.0.0.1:$PORT$URL_PATH" > "$OUT/warmup.txt"
taskset -c 1 java "$ATTACH" "$APP" "$LIBRARY" "start,event=itimer,interval=1ms"
taskset -c 1 wrk -t1 -c32 -d30s "http://127.0.0.1:$PORT$URL_PATH" > "$OUT/wrk.txt"
taskset -c 1 java "$ATTACH" "$APP" "$LIBRARY" "stop,file=$(pwd)/$OUT/cpu.collapsed,collapsed"
grep -h Requests/sec "$OUT/warmup.txt" "$OUT/wrk.txt"
echo "profile: $OUT/cpu.collapsed"
