// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The WHIP set-up milestones of one stream as Livepipe logs them (logback pattern
 * {@code HH:mm:ss.SSS LEVEL [thread] logger - message}, local time, millisecond resolution):
 * {@code WHIP session … of stream <id> … created} (the answer is about to be sent),
 * {@code [whip … stream <id>] connected: ICE x ms, DTLS y ms} (SRTP keys installed; ICE is
 * counted from the transport's creation, DTLS from the first valid ICE pair) and
 * {@code [stream <id>] broadcast … started by whip} (the receiver declared its tracks, which
 * happens once the first keyframe with SPS/PPS, and audio, arrived).
 *
 * @param createdMillis   epoch ms of the "created" line
 * @param connectedMillis epoch ms of the "connected" line (DTLS done)
 * @param iceMillis       the ICE figure of that line
 * @param dtlsMillis      the DTLS figure of that line
 * @param tracksMillis    epoch ms of the "broadcast … started by whip" line (first keyframe)
 */
public record ServerLogEvents(long createdMillis, long connectedMillis, long iceMillis, long dtlsMillis,
                              long tracksMillis) {

    private static final Pattern TIME = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) ");
    private static final Pattern CONNECTED = Pattern.compile("connected: ICE (-?\\d+) ms, DTLS (-?\\d+) ms");

    /** Whether every milestone was found. */
    public boolean complete() {
        return createdMillis > 0 && connectedMillis > 0 && tracksMillis > 0;
    }

    /** ICE connected: the "connected" line minus its DTLS figure. */
    public long iceConnectedMillis() {
        return connectedMillis - dtlsMillis;
    }

    /**
     * Reads {@code log} for {@code streamId}; local times are placed on the day that puts them
     * nearest {@code nearEpochMillis}.
     */
    public static ServerLogEvents read(Path log, String streamId, long nearEpochMillis) throws IOException {
        long created = 0;
        long connected = 0;
        long ice = -1;
        long dtls = -1;
        long tracks = 0;
        List<String> lines = Files.readAllLines(log);
        for (String line : lines) {
            if (!line.contains(streamId)) {
                continue;
            }
            Matcher t = TIME.matcher(line);
            if (!t.find()) {
                continue;
            }
            long at = epochMillis(LocalTime.parse(t.group(1)), nearEpochMillis);
            if (created == 0 && line.contains("WHIP session ") && line.contains(" created")) {
                created = at;
            } else if (connected == 0 && line.contains("[whip ")) {
                Matcher c = CONNECTED.matcher(line);
                if (c.find()) {
                    connected = at;
                    ice = Long.parseLong(c.group(1));
                    dtls = Long.parseLong(c.group(2));
                }
            } else if (tracks == 0 && line.contains("[stream " + streamId + "] broadcast ")
                    && line.contains(" started by whip")) {
                tracks = at;
            }
        }
        return new ServerLogEvents(created, connected, ice, dtls, tracks);
    }

    /** Waits up to {@code timeoutMillis} for every milestone to be logged. */
    public static ServerLogEvents await(Path log, String streamId, long nearEpochMillis, long timeoutMillis)
            throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        ServerLogEvents e = read(log, streamId, nearEpochMillis);
        while (!e.complete() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            e = read(log, streamId, nearEpochMillis);
        }
        return e;
    }

    private static long epochMillis(LocalTime time, long near) {
        ZoneId zone = ZoneId.systemDefault();
        LocalDate day = Instant.ofEpochMilli(near).atZone(zone).toLocalDate();
        long best = 0;
        for (int d = -1; d <= 1; d++) {
            long v = day.plusDays(d).atTime(time).atZone(zone).toInstant().toEpochMilli();
            if (best == 0 || Math.abs(v - near) < Math.abs(best - near)) {
                best = v;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "created " + createdMillis + ", ICE " + iceMillis + " ms, DTLS " + dtlsMillis + " ms, connected "
                + connectedMillis + ", tracks " + tracksMillis;
    }
}
