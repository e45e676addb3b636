#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Chat fan-out benchmark (docs/chat-protocol.md): C WebSocket clients on one stream's chat, S of
# them sending R chat messages/s in total; delivered messages/s, send -> receive latency p50/p99,
# server CPU and heap per connection; optionally a reaction storm (every client reacts once a
# second). Livepipe and the clients (one JVM) run on this machine, loopback only.
# See docs/benchmarks.md, "Chat fan-out".
#
#   bench/run-chat.sh [--clients 1000,10000] [--rates 100,10] [--senders S] [--seconds T] [--reactions]
#                     [--only chat|reactions] [--connect-rate N] [--per-address N] [--profile] [--help]
#
# Defaults: C = 1000 and 10000 (one server each), R = 100 and 10 msg/s, T = 30 s after a 5 s warm-up,
# S = twice the minimum the server's rate limit (5 messages per 10 s per connection) allows.
# Builds server/target/livepipe.jar and bench/target/livepipe-bench.jar when missing or older than
# the sources. The whole run is killed after BENCH_TIMEOUT_SECONDS (default 1800); the benchmark's
# shutdown hooks then stop the server and its embedded PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/common.sh
use_jdk run-chat.sh

case " $* " in *" --jar "*) build_bench_jars 1 ;; *) build_bench_jars 0 ;; esac

# 10,000 client sockets in the benchmark JVM and as many in the server (a child, it inherits the
# limit): raise the soft open-files limit to the hard one.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 12000 ]; then
  echo "warning: ulimit -n is $(ulimit -n); 10,000 clients need more than 10,000 descriptors per process" >&2
fi

exec timeout --foreground -k 30 "${BENCH_TIMEOUT_SECONDS:-1800}" \
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} \
  -cp bench/target/livepipe-bench.jar dev.livepipe.bench.ChatBench "$@"
