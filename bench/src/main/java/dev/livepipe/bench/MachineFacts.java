// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Facts about the machine and the checkout that a benchmark figure is meaningless without.
 *
 * @param date      UTC date and time of the run
 * @param cpus      online CPUs ({@code nproc})
 * @param cpuModel  {@code model name} from /proc/cpuinfo
 * @param memoryGiB MemTotal
 * @param kernel    os.name os.version
 * @param jdk       the JDK running the benchmark and Livepipe
 * @param commit    {@code git describe --always --dirty}
 */
public record MachineFacts(String date, int cpus, String cpuModel, double memoryGiB, String kernel, String jdk,
                           String commit) {

    /** Collects the facts (see {@link #collect}) and prints them as the run's {@code Machine:} line. */
    public static MachineFacts announce(Path repo) {
        MachineFacts facts = collect(repo);
        System.out.println("Machine: " + facts.describe());
        return facts;
    }

    /** Collects the facts of this machine and of the checkout in {@code repo}. */
    public static MachineFacts collect(Path repo) {
        String model = "?";
        double mem = 0;
        try {
            model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0).orElse(0.0);
        } catch (IOException | RuntimeException e) {
            // keep the defaults
        }
        String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + Runtime.version();
        return new MachineFacts(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                Runtime.getRuntime().availableProcessors(), model, mem,
                System.getProperty("os.name") + " " + System.getProperty("os.version"), jdk, git(repo));
    }

    private static String git(Path repo) {
        try {
            Process p = new ProcessBuilder(List.of("git", "describe", "--always", "--dirty")).directory(repo.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? out : "?";
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /** A few lines for the report. */
    public String describe() {
        return String.format(Locale.ROOT, "date %s; %d CPUs (%s), %.1f GiB RAM; %s; %s; commit %s",
                date, cpus, cpuModel, memoryGiB, kernel, jdk, commit);
    }
}
