# SPDX-License-Identifier: Apache-2.0
# Sourced by bench/run-*.sh from the repository root: picks a JDK >= 21 and builds stale jars.

# java_major JAVA: prints the Java specification version of that java binary ("21", "25").
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}

# use_jdk SCRIPT: exports JAVA_HOME as a JDK 21 or newer ($JAVA_HOME, else java on the PATH, else
# the newest under /usr/lib/jvm); exits with a message naming SCRIPT when there is none.
use_jdk() {
  local candidates=() c found=""
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null; then candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"); fi
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  for c in "${candidates[@]}"; do
    if [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] && [ "$(java_major "$c/bin/java" || echo 0)" -ge 21 ] 2>/dev/null; then
      found=$c; break
    fi
  done
  [ -n "$found" ] || { echo "$1 needs a JDK 21 or newer (set JAVA_HOME)" >&2; exit 1; }
  export JAVA_HOME=$found
  echo "JDK: $JAVA_HOME" >&2
}

# build_if_stale MODULES JAR...: builds MODULES (and what they need) when a JAR is missing or older
# than the sources, serialized with other builds in this checkout when flock exists. Tests are
# compiled, not run (-DskipTests, not -Dmaven.test.skip): bench uses ingest's test-jar.
build_if_stale() {
  local modules=$1 stale=0 j
  shift
  for j in "$@"; do
    if [ ! -f "$j" ] || [ -n "$(find pom.xml */pom.xml */src/main ingest/src/test -newer "$j" -print -quit 2>/dev/null)" ]; then stale=1; fi
  done
  if [ "$stale" = 1 ]; then
    echo "Building $* ..." >&2
    local build=(./mvnw -q -B -DskipTests -Djazzer.skip=true package -pl "$modules" -am)
    if command -v flock >/dev/null; then flock /tmp/livepipe-build.lock "${build[@]}"; else "${build[@]}"; fi
    # Maven leaves a jar it found up to date untouched; mark them fresh so the next run skips this.
    touch "$@"
  fi
}

# build_bench_jars BENCH_ONLY: builds bench/target/livepipe-bench.jar when stale and, unless
# BENCH_ONLY is 1 (the run uses another server jar, or none of Livepipe), server/target/livepipe.jar.
build_bench_jars() {
  if [ "$1" = 1 ]; then
    build_if_stale bench bench/target/livepipe-bench.jar
  else
    build_if_stale server,bench server/target/livepipe.jar bench/target/livepipe-bench.jar
  fi
}
