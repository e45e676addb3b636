// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.analytics;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HLS viewer sessions of one broadcast and the figures derived from them.
 *
 * <ul>
 *   <li>A session becomes <em>current</em> when it fetches a playlist or a segment and stays
 *       current while it keeps fetching; {@link #expire()} drops it once it has fetched nothing
 *       for the idle timeout. A session that comes back later is current again (and not a new
 *       unique viewer).</li>
 *   <li><em>Peak</em>: the most sessions current at once.</li>
 *   <li><em>Unique</em>: distinct session ids seen.</li>
 *   <li><em>Watch time</em>: the media duration of every distinct segment served, counted once
 *       per session (a re-fetch or a second request for the same segment adds nothing).</li>
 * </ul>
 *
 * <p>Bounds (random {@code vs} ids must not grow the heap): only <em>current</em> sessions have a
 * {@link ViewerSession}, and at most {@code maxCurrent} of them; an id that is not current while
 * the cap is reached is not counted at all ({@link #rejected()}). An expired session leaves only
 * its id's 64-bit hash and its newest credited segment in {@link SeenIds} (16 bytes), at most
 * {@code maxRemembered} of them: a returning id is not a new unique viewer and is not credited
 * again for segments up to its newest one. Beyond that cap, expired ids are forgotten
 * ({@link #forgotten()}); if one comes back it counts as a new unique viewer.
 *
 * <p>Cost: O(1) per request (a hash lookup and, for current sessions, a move to the tail of an
 * access-ordered map); {@link #expire()} looks only at sessions that are actually idle.
 *
 * <p>Not thread-safe: {@link BroadcastStats} guards it. Time comes from the injected clock.
 */
final class ViewerSessions {

    private final long idleMillis;
    private final Clock clock;
    private final int maxCurrent;
    /** Current sessions, least recently seen first (access order: {@code get} moves to the tail). */
    private final LinkedHashMap<String, ViewerSession> current = new LinkedHashMap<>(16, 0.75f, true);
    /** Expired sessions' ids. */
    private final SeenIds seen;
    private int peak;
    private long unique;
    private long watchedMicros;
    private long rejected;
    private long forgotten;

    ViewerSessions(Duration idleTimeout, Clock clock) {
        this(idleTimeout, clock, AnalyticsConfig.DEFAULT_MAX_SESSIONS, AnalyticsConfig.DEFAULT_MAX_REMEMBERED_IDS);
    }

    ViewerSessions(Duration idleTimeout, Clock clock, int maxCurrent, int maxRemembered) {
        this.idleMillis = idleTimeout.toMillis();
        this.clock = clock;
        this.maxCurrent = maxCurrent;
        this.seen = new SeenIds(maxRemembered);
    }

    /** The session fetched a playlist. */
    void playlist(String session) {
        touch(session);
    }

    /**
     * The session fetched a segment.
     *
     * @return the media microseconds newly credited (0 if it already had this segment or is not counted)
     */
    long segment(String session, long sequence, long durationMicros) {
        ViewerSession s = touch(session);
        if (s != null && durationMicros > 0 && s.credit(sequence)) {
            watchedMicros += durationMicros;
            return durationMicros;
        }
        return 0;
    }

    /** The session, current now; null when it is not current and the cap is reached. */
    private ViewerSession touch(String id) {
        long now = clock.millis();
        ViewerSession s = current.get(id); // moves it to the tail
        if (s == null) {
            if (current.size() >= maxCurrent) {
                rejected++;
                return null;
            }
            long newest = seen.take(id);
            if (newest == Long.MIN_VALUE) {
                s = new ViewerSession(id);
                unique++;
            } else {
                s = new ViewerSession(id, newest);
            }
            current.put(id, s);
            peak = Math.max(peak, current.size());
        }
        s.lastSeenMillis = now;
        return s;
    }

    /**
     * Drops the sessions idle for the timeout or longer (their ids are remembered while there is room).
     *
     * @return how many were dropped
     */
    int expire() {
        long cutoff = clock.millis() - idleMillis;
        int dropped = 0;
        Iterator<ViewerSession> it = current.values().iterator();
        while (it.hasNext()) {
            ViewerSession s = it.next();
            if (s.lastSeenMillis > cutoff) {
                break; // the rest were seen later
            }
            it.remove();
            if (!seen.put(s.id, s.newest() < 0 ? SeenIds.NO_SEGMENT : s.newest())) {
                forgotten++;
            }
            dropped++;
        }
        return dropped;
    }

    /** Sessions current now (as of the last {@link #expire()}). */
    int current() {
        return current.size();
    }

    /** The most sessions current at once. */
    int peak() {
        return peak;
    }

    /** Distinct sessions seen. */
    long unique() {
        return unique;
    }

    /** Media microseconds credited to all sessions. */
    long watchedMicros() {
        return watchedMicros;
    }

    /** Requests of sessions not counted because the concurrent cap was reached. */
    long rejected() {
        return rejected;
    }

    /** Expired ids not remembered because the remembered-id cap was reached. */
    long forgotten() {
        return forgotten;
    }

    /** Expired ids remembered now. */
    int remembered() {
        return seen.size();
    }

    /** Forgets every session, keeping the totals (when the broadcast's figures are final). */
    void forgetSessions() {
        current.clear();
        seen.clear();
    }
}
