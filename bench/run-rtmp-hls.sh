#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# RTMP -> HLS benchmark: N concurrent RTMP publishers against Livepipe, then against nginx-rtmp,
# on this machine; prints CPU per stream-minute, memory per stream, time to first playlist and
# segment latency. See docs/benchmarks.md.
#
#   bench/run-rtmp-hls.sh [N ...] [--seconds T] [--latency-seconds L] [--only livepipe|nginx] [--profile]
#
# Defaults: N = 1 8 32, T = 60. Builds server/target/livepipe.jar and bench/target/livepipe-bench.jar
# when missing or older than the sources; installs nginx + libnginx-mod-rtmp with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# A JDK 21 or newer: $JAVA_HOME, else java on the PATH, else the newest under /usr/lib/jvm.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}
pick_jdk() {
  local candidates=() c
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null; then candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"); fi
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  for c in "${candidates[@]}"; do
    if [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] && [ "$(java_major "$c/bin/java" || echo 0)" -ge 21 ] 2>/dev/null; then
      echo "$c"; return 0
    fi
  done
  return 1
}
JAVA_HOME=$(pick_jdk) || { echo "run-rtmp-hls.sh needs a JDK 21 or newer (set JAVA_HOME)" >&2; exit 1; }
export JAVA_HOME
echo "JDK: $JAVA_HOME" >&2

# Build what is missing or stale (serialized with other builds in this checkout when flock exists).
jars=(server/target/livepipe.jar bench/target/livepipe-bench.jar)
modules=server,bench
case " $* " in *" --only nginx "*) jars=(bench/target/livepipe-bench.jar); modules=bench ;; esac
stale=0
for j in "${jars[@]}"; do
  if [ ! -f "$j" ] || [ -n "$(find pom.xml */pom.xml */src/main -newer "$j" -print -quit 2>/dev/null)" ]; then stale=1; fi
done
if [ "$stale" = 1 ]; then
  echo "Building ${jars[*]} ..." >&2
  build=(./mvnw -q -B -DskipTests -Djazzer.skip=true package -pl "$modules" -am)
  if command -v flock >/dev/null; then flock /tmp/livepipe-build.lock "${build[@]}"; else "${build[@]}"; fi
fi

# nginx with the RTMP module, the reference the figures are compared against.
if ! command -v nginx >/dev/null || ! ls /usr/lib/nginx/modules/ngx_rtmp_module.so >/dev/null 2>&1; then
  echo "Installing nginx and libnginx-mod-rtmp ..." >&2
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq nginx libnginx-mod-rtmp >/dev/null
  # The package starts a system nginx on port 80; the benchmark runs its own on loopback ports.
fi
PATH="$PATH:/usr/sbin"

exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} -jar bench/target/livepipe-bench.jar "$@"
