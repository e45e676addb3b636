// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The chat benchmark's result records and their Markdown rendering. */
final class ChatResults {

    private ChatResults() {
    }

    /**
     * One server run's connections: how many, how fast, and what they cost the server at rest.
     *
     * @param target          clients asked for
     * @param connected       upgrades that succeeded
     * @param welcomed        clients that got {@code welcome}
     * @param connectSeconds  from the first connect to the last welcome
     * @param idleHeapMiB     server live heap (after a full GC) with 0 clients
     * @param heapMiB         the same with the clients connected and idle
     * @param idleRssMiB      server tree RSS with 0 clients
     * @param rssMiB          the same with the clients connected
     * @param failures        refused or failed connects by reason
     */
    record Connections(int target, int connected, int welcomed, double connectSeconds, double idleHeapMiB,
                       double heapMiB, double idleRssMiB, double rssMiB, Map<String, Long> failures) {

        double heapPerConnectionKiB() {
            return connected == 0 ? Double.NaN : (heapMiB - idleHeapMiB) * 1024 / connected;
        }

        double rssPerConnectionKiB() {
            return connected == 0 ? Double.NaN : (rssMiB - idleRssMiB) * 1024 / connected;
        }
    }

    /**
     * One chat fan-out phase.
     *
     * @param clients          open connections at the end of the phase (all of them receive)
     * @param senders          S
     * @param rate             R asked for
     * @param windowSeconds    measured window
     * @param sent             chat.send written in the window
     * @param inWindow         chat.message frames of this phase received inside the window
     * @param delivered        frames of messages sent in the window received by the end of the drain
     * @param expected         sent × clients
     * @param p50Ms            send → receive latency percentiles of {@code delivered}
     * @param p99Ms            ″
     * @param maxMs            ″
     * @param serverCpuSeconds server tree CPU in the window
     * @param serverSysSeconds of which kernel
     * @param clientCpuSeconds the benchmark JVM's CPU in the window
     * @param otherCpuSeconds  the rest of the machine
     * @param rateLimited      {@code rate_limited} errors received
     * @param otherErrors      other {@code error} frames
     * @param closed           connections closed during the phase
     * @param drainSeconds     how long after the window deliveries were still awaited
     * @param chatFrames       frames (all clients, warm-up to drain) holding at least one chat message
     *                         (fewer than the messages when the server sends {@code batch} frames)
     * @param chatMessages     the chat messages in those frames
     */
    record ChatPhase(int clients, int senders, double rate, double windowSeconds, long sent, long inWindow,
                     long delivered, long expected, double p50Ms, double p99Ms, double maxMs, double serverCpuSeconds,
                     double serverSysSeconds, double clientCpuSeconds, double otherCpuSeconds, long rateLimited,
                     long otherErrors, int closed, double drainSeconds, long chatFrames, long chatMessages) {

        double sentPerSecond() {
            return sent / windowSeconds;
        }

        double deliveredPerSecond() {
            return inWindow / windowSeconds;
        }

        double expectedPerSecond() {
            return expected / windowSeconds;
        }

        long loss() {
            return expected - delivered;
        }

        /** Chat messages per frame received (1 without batching). */
        double messagesPerFrame() {
            return chatFrames == 0 ? Double.NaN : (double) chatMessages / chatFrames;
        }
    }

    /**
     * The reaction storm.
     *
     * @param clients            clients reacting (once a second each, staggered over 100 slots of 10 ms)
     * @param seconds            storm length
     * @param sent               reactions written
     * @param burstsPerSecond    reaction.burst frames per client per second (mean over clients, steady part)
     * @param maxBurstsInASecond most bursts any client got in one aligned second
     * @param clientsOver4       clients that got more than 4 bursts in some aligned second
     * @param emittedMaxInASecond most bursts sent by the server within any 1 s, taking each burst's
     *                           earliest arrival at any client as its send time
     * @param ratioMin           per client: sum of the counts received / reactions sent by everyone
     * @param ratioMedian        ″
     * @param ratioMax           ″
     * @param spreadP50Ms        fan-out spread: a burst's arrival at a client minus its earliest arrival at any client
     * @param spreadP99Ms        ″
     * @param probeP50Ms         probe reaction sent → the burst holding it received (includes the wait for the window to close)
     * @param probeP99Ms         ″
     * @param interP50Ms         time between consecutive bursts at one client
     * @param interP99Ms         ″
     * @param serverCpuSeconds   server tree CPU over the storm
     * @param clientCpuSeconds   benchmark JVM CPU over the storm
     * @param otherCpuSeconds    the rest of the machine
     * @param aligned            clients whose burst count equals the most common one (the spread is over those)
     * @param sampleBurst        one reaction.burst frame as received
     */
    record Storm(int clients, double seconds, long sent, double burstsPerSecond, int maxBurstsInASecond,
                 int clientsOver4, int emittedMaxInASecond, double ratioMin, double ratioMedian, double ratioMax, double spreadP50Ms,
                 double spreadP99Ms, double probeP50Ms, double probeP99Ms, double interP50Ms, double interP99Ms,
                 double serverCpuSeconds, double clientCpuSeconds, double otherCpuSeconds, int aligned,
                 String sampleBurst) {
    }

    static String chatLine(ChatPhase p) {
        return String.format(Locale.ROOT,
                "C=%d S=%d R=%.0f: sent %.1f/s, delivered %.0f/s of %.0f/s expected (%.2f messages per frame), loss %d (%.3f %%), latency p50 %.1f / p99 %.1f / max %.0f ms, "
                        + "server %.2f cores (kernel %.2f), client %.2f cores, other %.2f cores, rate_limited %d, other errors %d, closed %d",
                p.clients(), p.senders(), p.rate(), p.sentPerSecond(), p.deliveredPerSecond(), p.expectedPerSecond(),
                p.messagesPerFrame(), p.loss(), p.expected() == 0 ? 0 : 100.0 * p.loss() / p.expected(), p.p50Ms(), p.p99Ms(), p.maxMs(),
                p.serverCpuSeconds() / p.windowSeconds(), p.serverSysSeconds() / p.windowSeconds(),
                p.clientCpuSeconds() / p.windowSeconds(), p.otherCpuSeconds() / p.windowSeconds(), p.rateLimited(),
                p.otherErrors(), p.closed());
    }

    static String stormLine(Storm s) {
        return String.format(Locale.ROOT,
                "storm C=%d: %.0f reactions/s sent, bursts per client %.2f/s (max %d in one aligned second at a client, %d clients > 4; server sent max %d in any 1 s), "
                        + "counts received/sent min %.3f median %.3f max %.3f, fan-out spread p50 %.1f / p99 %.1f ms, "
                        + "probe reaction->burst p50 %.0f / p99 %.0f ms, inter-arrival p50 %.0f / p99 %.0f ms, server %.2f cores, client %.2f cores, other %.2f cores",
                s.clients(), s.sent() / s.seconds(), s.burstsPerSecond(), s.maxBurstsInASecond(), s.clientsOver4(),
                s.emittedMaxInASecond(), s.ratioMin(), s.ratioMedian(), s.ratioMax(), s.spreadP50Ms(), s.spreadP99Ms(), s.probeP50Ms(), s.probeP99Ms(),
                s.interP50Ms(), s.interP99Ms(), s.serverCpuSeconds() / s.seconds(), s.clientCpuSeconds() / s.seconds(),
                s.otherCpuSeconds() / s.seconds());
    }

    static String connectionsLine(Connections c) {
        return String.format(Locale.ROOT,
                "C=%d: %d connected, %d welcomed in %.1f s; server live heap %.1f -> %.1f MiB (%.1f KiB per connection), "
                        + "RSS %.0f -> %.0f MiB (%.1f KiB per connection)%s",
                c.target(), c.connected(), c.welcomed(), c.connectSeconds(), c.idleHeapMiB(), c.heapMiB(),
                c.heapPerConnectionKiB(), c.idleRssMiB(), c.rssMiB(), c.rssPerConnectionKiB(),
                c.failures().isEmpty() ? "" : "; failures " + c.failures());
    }

    static String markdown(MachineFacts facts, ChatBenchOptions o, String setup, List<Connections> conns,
                           List<ChatPhase> chats, List<Storm> storms, List<String> notes) {
        StringBuilder b = new StringBuilder();
        b.append("Machine: ").append(facts.describe()).append("\n\n");
        b.append(setup).append("\n\n");
        if (!chats.isEmpty()) {
            b.append("| C | S | R msg/s sent | delivered msg/s (expected C × R) | messages per frame | loss | latency p50 / p99 / max ms "
                    + "| server CPU cores (kernel) | client JVM cores | other cores | rate_limited errors |\n");
            b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (ChatPhase p : chats) {
                b.append(String.format(Locale.ROOT, "| %,d | %d | %.1f | %,.0f (%,.0f) | %.2f | %,d (%.2f %%) | %.1f / %.1f / %.0f | %.2f (%.2f) | %.2f | %.2f%s | %d |%n",
                        p.clients(), p.senders(), p.sentPerSecond(), p.deliveredPerSecond(), p.expectedPerSecond(),
                        p.messagesPerFrame(), p.loss(),
                        p.expected() == 0 ? 0 : 100.0 * p.loss() / p.expected(), p.p50Ms(), p.p99Ms(), p.maxMs(),
                        p.serverCpuSeconds() / p.windowSeconds(), p.serverSysSeconds() / p.windowSeconds(),
                        p.clientCpuSeconds() / p.windowSeconds(), p.otherCpuSeconds() / p.windowSeconds(),
                        p.otherCpuSeconds() / p.windowSeconds() > 0.25 ? " ⚠" : "", p.rateLimited()));
            }
            b.append('\n');
        }
        if (!conns.isEmpty()) {
            b.append("| C asked | connected / welcomed | connect time s | server live heap idle → connected MiB | heap per connection KiB | server RSS idle → connected MiB | RSS per connection KiB |\n");
            b.append("|---:|---:|---:|---|---:|---|---:|\n");
            for (Connections c : conns) {
                b.append(String.format(Locale.ROOT, "| %,d | %,d / %,d | %.1f | %.1f → %.1f | %.1f | %.0f → %.0f | %.1f |%n",
                        c.target(), c.connected(), c.welcomed(), c.connectSeconds(), c.idleHeapMiB(), c.heapMiB(),
                        c.heapPerConnectionKiB(), c.idleRssMiB(), c.rssMiB(), c.rssPerConnectionKiB()));
            }
            b.append('\n');
        }
        if (!storms.isEmpty()) {
            b.append("| C | reactions/s sent | bursts per client per s | bursts sent by the server, max in any 1 s | max bursts at a client in one aligned s (clients > 4) | counts received / sent per client (min / median / max) "
                    + "| fan-out spread p50 / p99 ms | probe reaction → burst p50 / p99 ms | burst inter-arrival p50 / p99 ms "
                    + "| server CPU cores | client JVM cores | other cores |\n");
            b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Storm s : storms) {
                b.append(String.format(Locale.ROOT, "| %,d | %,.0f | %.2f | %d | %d (%,d) | %.3f / %.3f / %.3f | %.1f / %.1f | %.0f / %.0f | %.0f / %.0f | %.2f | %.2f | %.2f%s |%n",
                        s.clients(), s.sent() / s.seconds(), s.burstsPerSecond(), s.emittedMaxInASecond(),
                        s.maxBurstsInASecond(), s.clientsOver4(), s.ratioMin(),
                        s.ratioMedian(), s.ratioMax(), s.spreadP50Ms(), s.spreadP99Ms(), s.probeP50Ms(), s.probeP99Ms(),
                        s.interP50Ms(), s.interP99Ms(), s.serverCpuSeconds() / s.seconds(), s.clientCpuSeconds() / s.seconds(),
                        s.otherCpuSeconds() / s.seconds(), s.otherCpuSeconds() / s.seconds() > 0.25 ? " ⚠" : ""));
            }
            b.append('\n');
            for (Storm s : storms) {
                b.append("Sample burst: `").append(s.sampleBurst()).append("`\n\n");
            }
        }
        b.append("⚠: other processes used more than 0.25 cores during the window (a contended measurement).\n\n");
        if (!notes.isEmpty()) {
            b.append("Notes:\n\n");
            for (String n : notes) {
                b.append("- ").append(n).append('\n');
            }
        }
        return b.toString();
    }
}
