#!/usr/bin/env bash
# Benchmarks, run on purpose (never part of the test command).
#   scripts/bench.sh micro [JMH regex]   JMH micro-benchmarks (microbench module), with -prof gc
#   scripts/bench.sh load                SIPp load test, gateway and Kamailio side by side (see load() below)
#   scripts/bench.sh                     both
# Results are printed and written as Markdown to bench-results/ (gitignored).
# Environment: BENCH_FORKS (1), BENCH_WARMUP (3 iterations), BENCH_ITERATIONS (5), BENCH_TIME (2s per iteration),
# BENCH_CPU (a core list for taskset, e.g. "1"; empty: no pinning).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out_dir="$root/bench-results"
mkdir -p "$out_dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"

micro() {
  local filter="${1:-}"
  echo "building microbench ..." >&2
  (cd "$root" && ./mvnw -B -q -DskipTests -pl microbench -am package)
  local jar="$root/microbench/target/benchmarks.jar"
  local json="$out_dir/micro-$stamp.json"
  local pin=()
  if [ -n "${BENCH_CPU:-}" ]; then
    pin=(taskset -c "$BENCH_CPU")
    echo "pinned to CPU(s) $BENCH_CPU with taskset" >&2
  fi
  # One thread: the figures are per core, as the targets are stated.
  "${pin[@]}" java -jar "$jar" ${filter:+"$filter"} -t 1 -f "${BENCH_FORKS:-1}" \
      -wi "${BENCH_WARMUP:-3}" -i "${BENCH_ITERATIONS:-5}" -w "${BENCH_TIME:-2s}" -r "${BENCH_TIME:-2s}" \
      -prof gc -rf json -rff "$json"
  local md="$out_dir/micro-$stamp.md"
  python3 - "$json" "$md" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
lines = ["| benchmark | ops/s (one thread) | ± (99.9%) | B/op |", "|---|---:|---:|---:|"]
for r in rows:
    name = r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1]
    pm = r["primaryMetric"]
    alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    lines.append("| %s | %.0f | %.0f | %s |" % (name, pm["score"], pm["scoreError"] if pm["scoreError"] == pm["scoreError"] else 0,
                                             "%.0f" % alloc if alloc is not None else "-"))
text = "\n".join(lines) + "\n"
open(sys.argv[2], "w").write(text)
print(text)
PY
  echo "written: $md" >&2
}

load() {
  # SIPp load test of the gateway and of Kamailio (scripts/kamailio/kamailio-load.cfg) doing the same job;
  # the harness is scripts/load/loadtest.py (its docstring lists the phases). Environment (defaults in brackets,
  # BENCH_QUICK=1 gives a ~2-3 minute harness check with smaller values):
  #   BENCH_RATES ["250 500 1000 1500 2000 2500 3000 3500 4000 5000"]  BENCH_STEP_SECONDS [30]  BENCH_HOLD_MS [1000]
  #   BENCH_CPU_RATE [500]  BENCH_CPU_SECONDS [30]  BENCH_HOLD_CALLS [10000]  BENCH_HOLD_RATE [500]
  #   BENCH_SYSTEMS ["gateway kamailio"]  BENCH_SUT_CPUS / BENCH_SIPP_CPUS [unpinned; taskset core lists]
  #   BENCH_GATEWAY_CHALLENGE [auto: a 5-call probe decides between the 407 UAS and the non-challenging one]
  #   BENCH_JAVA_OPTS ["-XX:MaxGCPauseMillis=20", as scripts/run.sh]  BENCH_HOLD_SETTLE_SECONDS [40: past the 32 s transaction timers before memory readings]
  #   BENCH_NICE [unset; e.g. -5 on a shared machine]  BENCH_RETRIES [2]  BENCH_MAX_OTHER_CORES [0.5]
  #   BENCH_RECOVER_SECONDS [40: after the failing ramp step]
  #   BENCH_KAMAILIO_CHILDREN [4]  BENCH_KEEP_WORK [0: per-call logs deleted at the end]
  #   BENCH_GATEWAY_ENV ["SOURCE_RATE_LIMIT=0 MAX_TRANSACTIONS=4000000 MAX_CALLS=1000000": limits a proxy lacks]
  local missing=()
  for tool in sipp kamailio kamcmd jcmd python3 taskset; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "bench.sh load: missing ${missing[*]} (apt-get install -y sip-tester kamailio kamailio-extra-modules)" >&2
    return 2
  fi
  local jar="$root/gateway-server/target/gateway-server.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$root/gateway-core/src" "$root/gateway-server/src" -newer "$jar" -type f -print -quit)" ]; then
    echo "building the gateway jar ..." >&2
    (cd "$root" && ./mvnw -B -q -DskipTests package)
  fi
  # The harness stops everything it starts; this trap stops the harness itself if bench.sh is interrupted.
  local py=""
  trap '[ -n "$py" ] && kill "$py" 2>/dev/null; wait 2>/dev/null' EXIT
  trap 'exit 130' INT TERM HUP
  BENCH_COMMAND="${BENCH_COMMAND:-$(env | grep -E '^BENCH_' | sort | tr '\n' ' ')scripts/bench.sh load}" \
    python3 "$root/scripts/load/loadtest.py" &
  py=$!
  local rc=0
  wait "$py" || rc=$?
  py=""
  trap - EXIT INT TERM HUP
  return "$rc"
}

case "${1:-all}" in
  micro) shift; micro "${1:-}" ;;
  load) load ;;
  all) micro; load ;;
  *) echo "usage: scripts/bench.sh [micro [regex]|load]" >&2; exit 2 ;;
esac
