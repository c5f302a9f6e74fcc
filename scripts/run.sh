#!/usr/bin/env bash
# Runs the gateway: builds the jar when it is missing or older than the sources, then starts it.
# Configuration comes from the environment and from ./.env (the real environment wins).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/gateway-server/target/gateway-server.jar"

needs_build() {
  [ ! -f "$jar" ] && return 0
  [ -n "$(find "$root/pom.xml" "$root/gateway-core" "$root/gateway-server" \
      \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$jar" -print -quit)" ]
}

if needs_build; then
  echo "building $jar ..." >&2
  (cd "$root" && ./mvnw -B -q -DskipTests -pl gateway-server -am package)
fi

# G1 aims at 20 ms pauses: the default (200 ms) lets young collections hold SIP responses back that long under
# load (README, "Performance"). JAVA_OPTS comes after, so a flag there wins.
exec java -XX:MaxGCPauseMillis=20 ${JAVA_OPTS:-} -jar "$jar" "$@"
