#!/usr/bin/env bash
# Soak test of the gateway, run on purpose (not in CI): a steady SIPp load for a long time, checking that heap
# after GC, open file descriptors and threads do not trend upwards and that calls do not fail.
#
#   scripts/soak.sh                               30 minutes at 250 calls/s, calls held 2 s
#   SOAK_MINUTES=2 SOAK_RATE=50 scripts/soak.sh   a ~3-minute check of the harness
#
# Meta-side SIPp UAC 127.0.0.2 -> gateway 127.0.0.1 -> Twilio-side SIPp UAS 127.0.0.3 (407 digest challenge), UDP
# on loopback; the SIPp scenarios of the load test (scripts/sipp/load/), on other ports than scripts/bench.sh load.
# The harness is scripts/soak/soak.py (its docstring says what is sampled and how the verdict is made).
# Environment (defaults in brackets):
#   SOAK_RATE [250]            calls/s; meant to be half the sustainable rate (scripts/bench.sh load measures it)
#   SOAK_MINUTES [30]          how long the UAC creates calls
#   SOAK_HOLD_MS [2000]        how long each call is held before the BYE
#   SOAK_SAMPLE_SECONDS [60, or a sixth of a run shorter than 6 minutes, at least 10]
#   SOAK_WARMUP_SECONDS [120; in a run shorter than 8 minutes a quarter of it, but at least 40 s + the hold time,
#     which the transactions (kept 32 s after their final response) take to level off]  the trend starts after it
#   SOAK_HEAP_TOLERANCE_PCT [20] and SOAK_HEAP_TOLERANCE_MIB [8]  heap growth beyond both = trend
#   SOAK_FD_TOLERANCE [10]  SOAK_THREAD_TOLERANCE [2]  SOAK_MAX_FAILED_PCT [0.1]
#   SOAK_DRAIN_SECONDS [60]    how long the gateway may take to hold no call and no transaction after the load
#   SOAK_JAVA_OPTS ["-XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError", as the Procfile]  SOAK_GATEWAY_ENV ["SOURCE_RATE_LIMIT=0":
#     all of Meta's INVITEs come from one address here; the other limits keep their defaults]
#   SOAK_GW_PORT [16060]  SOAK_UAS_PORT [16080]  SOAK_UAC_PORT [16062]  SOAK_ADMIN_PORT [18189]
#   SOAK_UDP_BUFFER_BYTES [4194304]
# Output: printed, and bench-results/soak-<UTC timestamp>.md (gitignored) with the work files next to it.
# Exit status: 0 no trend and failures within the limit; 1 a trend, too many failed calls, calls left in the
# gateway after the load, or the gateway died; 2 the soak could not run.
# Everything started here is stopped when the script ends, also on Ctrl-C.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/gateway-server/target/gateway-server.jar"

missing=()
for tool in sipp jcmd java python3 ss; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "soak.sh: missing ${missing[*]} (apt-get install -y sip-tester; a JDK 17; iproute2)" >&2
  exit 2
fi

# the same staleness rule as scripts/run.sh
needs_build() {
  [ ! -f "$jar" ] && return 0
  [ -n "$(find "$root/pom.xml" "$root/gateway-core" "$root/gateway-server" \
      \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$jar" -print -quit)" ]
}
if needs_build; then
  echo "building $jar ..." >&2
  (cd "$root" && ./mvnw -B -q -DskipTests -pl gateway-server -am package)
fi

# The harness stops everything it starts (and its children get SIGTERM from the kernel should it die);
# these traps stop the harness itself when this script ends or is interrupted, and wait for its clean-up.
py=""
cleanup() {
  if [ -n "$py" ] && kill -0 "$py" 2>/dev/null; then
    kill -TERM "$py" 2>/dev/null || true
    wait "$py" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

SOAK_COMMAND="${SOAK_COMMAND:-$(env | grep -E '^SOAK_' | sort | tr '\n' ' ')scripts/soak.sh}" \
  python3 "$root/scripts/soak/soak.py" &
py=$!
rc=0
wait "$py" || rc=$?
py=""
exit "$rc"
