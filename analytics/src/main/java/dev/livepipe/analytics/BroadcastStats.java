// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.analytics;

import dev.livepipe.storage.analytics.AnalyticsMinute;
import dev.livepipe.storage.analytics.AnalyticsSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything analytics knows about one broadcast: its {@link ViewerSessions}, chat and reaction
 * counts, the peak of WebSocket connections, and the per-minute series.
 *
 * <p>Minutes are UTC clock minutes. The open minute accumulates chat messages, reactions, watch
 * time and its peak of current viewers; {@link #tick(int)} closes it once the clock has passed
 * its end, recording the viewers and sockets current at that moment (an idle gap produces the
 * minutes in between, with the same current figures and nothing else).
 *
 * <p>Closed minutes also wait in an unstored queue until a write of them succeeded
 * ({@link #unstoredMinutes()}, {@link #markStored}), at most the last {@value #MAX_UNSTORED_MINUTES}
 * (24 h); older unstored ones are dropped with a warning.
 *
 * <p>Threading: every method is synchronized; HLS requests (event loops), event bus handlers and
 * the analytics tick may call concurrently. Each call is O(1) apart from {@link #snapshot}.
 */
final class BroadcastStats {

    /** A broadcast longer than this many minutes keeps only the newest ones in memory (all are stored). */
    private static final int MAX_MINUTES_IN_MEMORY = 7 * 24 * 60;
    /** Closed minutes kept for a retry while writes fail: the last 24 h. */
    static final int MAX_UNSTORED_MINUTES = 24 * 60;
    /** While live, the viewer pair is published again after this long even if unchanged. */
    static final long REPUBLISH_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(BroadcastStats.class);

    private final String streamId;
    private final String broadcastId;
    private final UUID broadcastUuid;
    private final Instant startedAt;
    private final Clock clock;
    private final ViewerSessions sessions;
    private final List<AnalyticsMinute> closed = new ArrayList<>();
    /** Closed minutes no write has stored yet, oldest first. */
    private final ArrayDeque<AnalyticsMinute> unstored = new ArrayDeque<>();
    private final int maxSessions;
    private final int maxRemembered;
    private boolean capLogged;
    private boolean forgetLogged;
    private long unstoredDropped;
    private Instant endedAt;
    private long chatMessages;
    private long reactions;
    private int sockets;
    private int peakSockets;
    private Instant minute;
    private int minutePeak;
    private long minuteChat;
    private long minuteReactions;
    private long minuteWatchMicros;
    private int lastPublishedCurrent = -1;
    private int lastPublishedPeak = -1;
    private long lastPublishedMillis;

    BroadcastStats(String streamId, String broadcastId, Instant startedAt, Duration idleTimeout, Clock clock) {
        this(streamId, broadcastId, startedAt, AnalyticsConfig.defaults().withIdleTimeout(idleTimeout), clock);
    }

    BroadcastStats(String streamId, String broadcastId, Instant startedAt, AnalyticsConfig config, Clock clock) {
        this.streamId = streamId;
        this.broadcastId = broadcastId;
        this.broadcastUuid = UUID.fromString(broadcastId);
        this.startedAt = startedAt;
        this.clock = clock;
        this.maxSessions = config.maxSessionsPerBroadcast();
        this.maxRemembered = config.maxRememberedIdsPerBroadcast();
        this.sessions = new ViewerSessions(config.idleTimeout(), clock, maxSessions, maxRemembered);
        this.minute = minuteOf(clock.instant());
    }

    String streamId() {
        return streamId;
    }

    String broadcastId() {
        return broadcastId;
    }

    synchronized void playlist(String session) {
        sessions.playlist(session);
        minutePeak = Math.max(minutePeak, sessions.current());
    }

    synchronized void segment(String session, long sequence, long durationMicros) {
        minuteWatchMicros += sessions.segment(session, sequence, durationMicros);
        minutePeak = Math.max(minutePeak, sessions.current());
    }

    synchronized void chatMessage() {
        chatMessages++;
        minuteChat++;
    }

    synchronized void reactions(long count) {
        if (count > 0) {
            reactions += count;
            minuteReactions += count;
        }
    }

    synchronized void ended(Instant at) {
        if (endedAt == null) {
            endedAt = at;
        }
    }

    synchronized boolean isEnded() {
        return endedAt != null;
    }

    synchronized int currentViewers() {
        return sessions.current();
    }

    /**
     * Expires idle sessions, samples the socket count and closes every minute the clock has
     * passed.
     *
     * @param socketsNow WebSocket connections to the stream now
     * @return the minutes closed by this call, oldest first (they are also queued as unstored)
     */
    synchronized List<AnalyticsMinute> tick(int socketsNow) {
        sessions.expire();
        if (!capLogged && sessions.rejected() > 0) {
            capLogged = true;
            LOG.warn("[analytics {}] broadcast {} reached {} concurrent viewer sessions; further new session ids "
                    + "are not counted while it is at the cap", streamId, broadcastId, maxSessions);
        }
        if (!forgetLogged && sessions.forgotten() > 0) {
            forgetLogged = true;
            LOG.warn("[analytics {}] broadcast {} remembers {} expired session ids; further ones are forgotten "
                    + "(counted as new unique viewers if they return)", streamId, broadcastId, maxRemembered);
        }
        sockets = Math.max(0, socketsNow);
        peakSockets = Math.max(peakSockets, sockets);
        Instant now = minuteOf(clock.instant());
        List<AnalyticsMinute> out = new ArrayList<>();
        while (minute.isBefore(now)) {
            AnalyticsMinute m = openMinute();
            out.add(m);
            closed.add(m);
            if (closed.size() > MAX_MINUTES_IN_MEMORY) {
                closed.removeFirst();
            }
            unstored.addLast(m);
            if (unstored.size() > MAX_UNSTORED_MINUTES) {
                unstored.removeFirst();
                if (unstoredDropped++ == 0) {
                    LOG.warn("[analytics {}] minutes of broadcast {} could not be stored for 24 h; dropping the "
                            + "oldest unstored ones", streamId, broadcastId);
                }
            }
            minute = minute.plus(1, ChronoUnit.MINUTES);
            minutePeak = sessions.current();
            minuteChat = 0;
            minuteReactions = 0;
            minuteWatchMicros = 0;
        }
        return out;
    }

    /** The open minute as it stands (persisted as the last row when the figures become final). */
    synchronized AnalyticsMinute openMinute() {
        int current = sessions.current();
        return new AnalyticsMinute(broadcastUuid, minute, current, Math.max(minutePeak, current), sockets,
                minuteChat, minuteReactions, minuteWatchMicros / 1e6);
    }

    /** Closed minutes no write has stored yet, oldest first (a copy; at most the last 24 h). */
    synchronized List<AnalyticsMinute> unstoredMinutes() {
        return new ArrayList<>(unstored);
    }

    /** A write of these rows succeeded: they are no longer unstored. */
    synchronized void markStored(List<AnalyticsMinute> rows) {
        if (unstored.isEmpty() || rows.isEmpty()) {
            return;
        }
        Set<Instant> done = new HashSet<>();
        for (AnalyticsMinute m : rows) {
            done.add(m.minute());
        }
        unstored.removeIf(m -> done.contains(m.minute())); // closed minutes never change
    }

    /**
     * Returns the {@code {current, peak}} pair (for {@code viewers.update}) if it changed since the
     * last call that returned one, or, while the broadcast is live, if that was
     * {@value #REPUBLISH_MILLIS} ms ago or more (so a chat room opened since hears it); else null.
     */
    synchronized int[] viewersChange() {
        int current = sessions.current();
        int peak = sessions.peak();
        long now = clock.millis();
        boolean changed = current != lastPublishedCurrent || peak != lastPublishedPeak;
        if (!changed && (endedAt != null || now - lastPublishedMillis < REPUBLISH_MILLIS)) {
            return null;
        }
        lastPublishedCurrent = current;
        lastPublishedPeak = peak;
        lastPublishedMillis = now;
        return new int[] {current, peak};
    }

    /** The totals as a database row. */
    synchronized AnalyticsSummary summary() {
        return new AnalyticsSummary(broadcastUuid, streamId, startedAt, endedAt, sessions.peak(), sessions.unique(),
                sessions.watchedMicros() / 1e6, chatMessages, reactions, peakSockets, null);
    }

    /** Frees the per-session state once the figures are final (totals stay). */
    synchronized void forgetSessions() {
        sessions.forgetSessions();
    }

    /** Everything, with the closed minutes and the open one as the series. */
    synchronized AnalyticsSnapshot snapshot(boolean live) {
        List<AnalyticsMinute> series = new ArrayList<>(closed.size() + 1);
        series.addAll(closed);
        series.add(openMinute());
        return new AnalyticsSnapshot(streamId, broadcastId, live, startedAt, endedAt, sessions.current(),
                sessions.peak(), sessions.unique(), sessions.watchedMicros() / 1e6, live ? sockets : 0, peakSockets,
                chatMessages, reactions, series);
    }

    static Instant minuteOf(Instant t) {
        return t.truncatedTo(ChronoUnit.MINUTES);
    }
}
