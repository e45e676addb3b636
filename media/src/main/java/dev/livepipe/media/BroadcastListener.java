// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

/**
 * Hears the life of every broadcast in a {@link Broadcasts} registry. Used to attach readers
 * (HLS, recording) as a broadcast starts and to persist or announce lifecycle events.
 *
 * <p>Threading: called synchronously on the thread that caused the change (a publisher's
 * event loop or the scheduler), under the registry's lock: implementations must be quick and
 * must not block. Attach readers here; hand anything slow to another thread.
 */
public interface BroadcastListener {

    /** A new broadcast began; called before its first session reaches any reader. */
    default void onStarted(Broadcast broadcast) {
    }

    /** A publisher (re)started the broadcast; {@code session.sequence() > 0} means a reconnect. */
    default void onSession(Broadcast broadcast, PublisherSession session) {
    }

    /** The publisher went away; the grace window runs. */
    default void onPublisherLost(Broadcast broadcast) {
    }

    /** The broadcast ended. */
    default void onEnded(Broadcast broadcast) {
    }
}
