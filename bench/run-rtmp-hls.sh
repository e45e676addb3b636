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

. bench/common.sh
use_jdk run-rtmp-hls.sh

case " $* " in *" --only nginx "*) build_bench_jars 1 ;; *) build_bench_jars 0 ;; esac

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
