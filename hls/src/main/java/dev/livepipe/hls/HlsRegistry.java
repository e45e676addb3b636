// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broadcasts HLS serves, by stream id: the current one (live, reconnecting or just ended)
 * last, and ended ones that still linger so their viewers can finish.
 *
 * <p>Threading: lock-free reads from event loops; writes (broadcast start, linger expiry) from
 * any thread. Lists are immutable and replaced atomically.
 */
final class HlsRegistry {

    /** A flapping publisher must not pile up ended broadcasts (each holds two windows of segments). */
    private static final int MAX_PER_STREAM = 4;

    private final Map<String, List<HlsStream>> byStream = new ConcurrentHashMap<>();

    /** Adds a new broadcast as its stream's current one. */
    void add(HlsStream s) {
        byStream.compute(s.streamId(), (k, old) -> {
            List<HlsStream> list = old == null ? new ArrayList<>() : new ArrayList<>(old);
            list.add(s);
            while (list.size() > MAX_PER_STREAM) {
                list.removeFirst();
            }
            return List.copyOf(list);
        });
    }

    /** Forgets a broadcast (linger over). */
    void remove(HlsStream s) {
        byStream.computeIfPresent(s.streamId(), (k, old) -> {
            List<HlsStream> list = new ArrayList<>(old);
            list.remove(s);
            return list.isEmpty() ? null : List.copyOf(list);
        });
    }

    /** The stream's newest broadcast. */
    Optional<HlsStream> latest(String streamId) {
        List<HlsStream> list = byStream.get(streamId);
        return list == null ? Optional.empty() : Optional.of(list.getLast());
    }

    /** The stream's broadcast with this token. */
    Optional<HlsStream> find(String streamId, String token) {
        List<HlsStream> list = byStream.get(streamId);
        if (list != null) {
            for (HlsStream s : list) {
                if (s.token().equals(token)) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }

    /** The broadcast with this id, if still kept. */
    Optional<HlsStream> byBroadcast(String streamId, String broadcastId) {
        List<HlsStream> list = byStream.get(streamId);
        if (list != null) {
            for (HlsStream s : list) {
                if (s.broadcastId().equals(broadcastId)) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }

    /** Every kept broadcast. */
    List<HlsStream> all() {
        List<HlsStream> out = new ArrayList<>();
        byStream.values().forEach(out::addAll);
        return out;
    }

    void clear() {
        byStream.clear();
    }
}
