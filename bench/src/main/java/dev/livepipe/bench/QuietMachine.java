// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.util.Locale;

/**
 * Keeping a measurement apart from the rest of the machine: waiting until other processes are
 * quiet, and pinning processes to a CPU. Linux only ({@code /proc}, {@code taskset}).
 */
final class QuietMachine {

    private QuietMachine() {
    }

    /**
     * Waits (at most 60 s) until processes other than the server and this JVM use less than a
     * quarter of a core over 2 s: builds and test suites of other engineers share this machine.
     */
    static void await(ServerUnderTest server, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        double other = Double.NaN;
        while (System.nanoTime() < deadline) {
            ProcSample s0 = ProcSample.of(server);
            ProcSample c0 = ProcSample.of(ProcessHandle.current());
            MachineCpu m0 = MachineCpu.now();
            Thread.sleep(2_000);
            ProcSample s1 = ProcSample.of(server);
            ProcSample c1 = ProcSample.of(ProcessHandle.current());
            other = (MachineCpu.now().secondsSince(m0) - s1.treeCpuSecondsSince(s0) - c1.rootCpuSecondsSince(c0)) / s1.secondsSince(s0);
            if (other < 0.25) {
                return;
            }
        }
        System.out.printf(Locale.ROOT, "   (other processes still use %.2f cores before %s; measuring anyway)%n", other, what);
    }

    /** {@code taskset -a -p -c cpu} for {@code root} and its descendants (every thread; new threads inherit it). */
    static void pin(ProcessHandle root, int cpu) throws Exception {
        for (ProcessHandle p : java.util.stream.Stream.concat(java.util.stream.Stream.of(root), root.descendants()).toList()) {
            Process t = new ProcessBuilder("taskset", "-a", "-p", "-c", Integer.toString(cpu), Long.toString(p.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!t.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || t.exitValue() != 0) {
                throw new IllegalStateException("taskset failed for pid " + p.pid());
            }
        }
    }
}
