#!/usr/bin/env bash
# Benchmarks, run on purpose (never part of the test command).
#   scripts/bench.sh micro [JMH regex]   JMH micro-benchmarks (microbench module), with -prof gc
#   scripts/bench.sh load                SIPp load test against the gateway and Kamailio (not built yet)
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
  echo "scripts/bench.sh load: the SIPp load test arrives with the end-to-end suite (not built yet)" >&2
  return 2
}

case "${1:-all}" in
  micro) shift; micro "${1:-}" ;;
  load) load ;;
  all) micro; load ;;
  *) echo "usage: scripts/bench.sh [micro [regex]|load]" >&2; exit 2 ;;
esac
