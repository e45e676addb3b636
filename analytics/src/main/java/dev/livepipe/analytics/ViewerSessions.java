// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.analytics;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
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
 *   <li><em>Unique</em>: distinct session ids ever seen.</li>
 *   <li><em>Watch time</em>: the media duration of every distinct segment served, counted once
 *       per session (a re-fetch or a second request for the same segment adds nothing).</li>
 * </ul>
 *
 * <p>Cost: O(1) per request (a hash lookup and, for current sessions, a move to the tail of an
 * insertion-ordered map); {@link #expire()} looks only at sessions that are actually idle.
 * Memory: one small object per session ever seen in the broadcast.
 *
 * <p>Not thread-safe: {@link BroadcastStats} guards it. Time comes from the injected clock.
 */
final class ViewerSessions {

    private final long idleMillis;
    private final Clock clock;
    private final Map<String, ViewerSession> all = new HashMap<>();
    /** Current sessions, least recently seen first. */
    private final LinkedHashMap<String, ViewerSession> current = new LinkedHashMap<>();
    private int peak;
    private long unique;
    private long watchedMicros;

    ViewerSessions(Duration idleTimeout, Clock clock) {
        this.idleMillis = idleTimeout.toMillis();
        this.clock = clock;
    }

    /** The session fetched a playlist. */
    void playlist(String session) {
        touch(session);
    }

    /**
     * The session fetched a segment.
     *
     * @return the media microseconds newly credited (0 if it already had this segment)
     */
    long segment(String session, long sequence, long durationMicros) {
        ViewerSession s = touch(session);
        if (durationMicros > 0 && s.credit(sequence)) {
            s.watchedMicros += durationMicros;
            watchedMicros += durationMicros;
            return durationMicros;
        }
        return 0;
    }

    private ViewerSession touch(String id) {
        long now = clock.millis();
        ViewerSession s = all.get(id);
        if (s == null) {
            s = new ViewerSession(id);
            all.put(id, s);
            unique++;
        }
        s.lastSeenMillis = now;
        if (s.current) {
            current.remove(id);
        }
        s.current = true;
        current.put(id, s);
        peak = Math.max(peak, current.size());
        return s;
    }

    /**
     * Drops the sessions idle for the timeout or longer.
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
            s.current = false;
            it.remove();
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

    /** Forgets every session, keeping the totals (when the broadcast's figures are final). */
    void forgetSessions() {
        current.clear();
        all.clear();
    }
}
