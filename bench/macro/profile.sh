#!/usr/bin/env bash
# CPU profile of one variant under saturation load, with async-profiler (itimer, 1 ms), in the macro benchmark's
# setting: the application pinned to CPU 0 with the command line the runner used for it, wrk and the
# infrastructure on CPU 1. Writes collapsed stacks (one line per stack: frames;separated count), to compare with
# another variant's. Not part of the measurement: run it when no run is going on (it uses its own ports, but it
# shares the CPUs).
#
#   bench/macro/profile.sh tracewire              # S1 (/hello), 150 s warm-up, 30 s profiled
#   bench/macro/profile.sh boot-auto /checkout 300
#   bench/macro/profile.sh --startup tracewire 5  # 5 cold starts, each profiled until "Started"
#
# The variant's command comes from a run's bench/macro/target/runs/<variant>-rep0/command.txt (run.sh writes
# it), so run.sh must have run that variant once. Output: bench/macro/target/profile/<variant>/cpu.collapsed and
# wrk.txt (throughput while profiled: within run-to-run noise of an unprofiled run here, unlike JFR, which cut
# S1 to a seventh). With --startup: startup-<n>.collapsed per cold start (written when the JVM exits, so the
# graceful shutdown that follows "Started" is in it too) and startup.txt, the process's CPU time when "Started"
# was logged and where the profile's samples went by thread (main, JIT compilers, the rest).
set -euo pipefail
cd "$(dirname "$0")/../.."
MACRO=bench/macro
MODE=load
if [ "${1:-}" = --startup ]; then
  MODE=startup
  shift
fi
VARIANT="${1:?usage: profile.sh <variant> [path] [warm-up seconds], or profile.sh --startup <variant> [rounds]}"
# The second argument is the path under load, or with --startup the number of cold starts.
if [ "$MODE" = startup ]; then
  ROUNDS="${2:-5}"
else
  URL_PATH="${2:-/hello}"
  WARMUP="${3:-150}"
fi
MVN="${MVN:-mvn}"
COMMAND="$MACRO/target/runs/$VARIANT-rep0/command.txt"
[ -f "$COMMAND" ] || { echo "no $COMMAND: run bench/macro/run.sh with this variant first" >&2; exit 1; }
OUT="$MACRO/target/profile/$VARIANT"
[ "$MODE" = startup ] && OUT="$MACRO/target/profile/$VARIANT-startup"
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
# Ports of their own (sink, PostgreSQL, application, stats socket), so that a run's leftovers cannot answer.
SINK_PORT=24318
POSTGRES_PORT=25491
taskset -c 1 java -cp "$CP" dev.tracewire.bench.macro.tools.Infra "$SINK_PORT" "$POSTGRES_PORT" \
  > "$OUT/infra.log" 2>&1 &
INFRA=$!
APP=
trap 'kill $APP $INFRA 2> /dev/null || true' EXIT
for _ in $(seq 1 180); do grep -q '^READY' "$OUT/infra.log" && break; sleep 1; done
KAFKA="$(grep '^READY' "$OUT/infra.log" | grep -o 'kafka=[^ ]*' | cut -d= -f2)"
[ -n "$KAFKA" ] || { echo "infrastructure did not start: $OUT/infra.log" >&2; exit 1; }

# The run's command, with this infrastructure's ports and this directory's log file.
read -r -a ARGS < "$COMMAND"
ARGS=("${ARGS[@]//:14318/:$SINK_PORT}")
ARGS=("${ARGS[@]//:15491/:$POSTGRES_PORT}")
ARGS=("${ARGS[@]/#--spring.kafka.bootstrap-servers=*/--spring.kafka.bootstrap-servers=$KAFKA}")
ARGS=("${ARGS[@]/#--server.port=*/--server.port=28481}")
ARGS=("${ARGS[@]/#--bench.stats-port=*/--bench.stats-port=28491}")
ARGS=("${ARGS[@]/#--logging.file.name=*/--logging.file.name=$OUT/app.log}")
ARGS[2]="${APP_CPU:-0}"    # "taskset -c 0 java ...": APP_CPU=1 moves the application (only to try this script out)

if [ "$MODE" = startup ]; then
  # ARGS starts with "taskset -c 0 java": the profiler goes right after "java". Each cold start logs to its own file.
  TICKS_PER_SECOND="$(getconf CLK_TCK)"
  for ROUND in $(seq 1 "$ROUNDS"); do
    LOG="$OUT/startup-$ROUND.log"
    RUN=("${ARGS[@]/#--logging.file.name=*/--logging.file.name=$LOG}")
    PROFILE="$(pwd)/$OUT/startup-$ROUND.collapsed"
    "${RUN[@]:0:4}" "-agentpath:$LIBRARY=start,event=itimer,interval=1ms,threads,collapsed,file=$PROFILE" \
      "${RUN[@]:4}" > "$OUT/startup-$ROUND.console" 2>&1 &
    APP=$!
    for _ in $(seq 1 2400); do grep -q ' Started ' "$LOG" 2> /dev/null && break; sleep 0.05; done
    read -r -a STAT < "/proc/$APP/stat"
    CPU_MS=$(( (STAT[13] + STAT[14]) * 1000 / TICKS_PER_SECOND ))
    kill "$APP"
    wait "$APP" || true
    # Samples by thread: the main thread (renamed DestroyJavaVM once main returns), the JIT compilers, the rest.
    SHARES="$(awk '{ n = $NF; t = "other" } /^\[(main|DestroyJavaVM) / { t = "main" }
      /^\[C[12] CompilerThre/ { t = "jit" }
      { s[t] += n; all += n } END { printf "main %d%%, jit %d%%, other %d%%", 100 * s["main"] / all,
      100 * s["jit"] / all, 100 * s["other"] / all }' "$OUT/startup-$ROUND.collapsed")"
    echo "round $ROUND: ${CPU_MS} ms CPU at \"Started\" ($SHARES); $(grep -o 'Started .*' "$LOG")" \
      | tee -a "$OUT/startup.txt"
  done
  APP=
  echo "profiles: $OUT/startup-*.collapsed"
  exit 0
fi
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
