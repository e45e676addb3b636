// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BroadcastsTest {

    private static final Track VIDEO = new Track(0, Codec.H264, 1000, new CodecConfig.Avc(new byte[] {1}),
            640, 360, 0, 0, "avc1.42c01e");
    private static final Track AUDIO = new Track(1, Codec.AAC, 1000,
            new CodecConfig.AudioSpecific(new byte[] {0x12, 0x10}), 0, 0, 44100, 2, "mp4a.40.2");
    private static final PublisherInfo INFO = new PublisherInfo("rtmp", "127.0.0.1:1", "test");

    /** A scheduler whose tasks run only when the test says so. */
    private static final class ManualScheduler implements Scheduler {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            tasks.add(task);
            return () -> tasks.remove(task);
        }

        void runAll() {
            for (Runnable r : List.copyOf(tasks)) {
                tasks.remove(r);
                r.run();
            }
        }
    }

    /** A sink that records what it hears, run on the calling thread. */
    private static final class RecordingSink implements BroadcastSink {
        final List<String> events = new ArrayList<>();

        @Override public void onSession(PublisherSession s) { events.add("session" + s.sequence()); }
        @Override public void onAccessUnit(AccessUnit u) { events.add((u.keyframe() ? "K" : "f") + u.dts()); }
        @Override public void onPublisherLost() { events.add("lost"); }
        @Override public void onEnd() { events.add("end"); }
    }

    private static AccessUnit video(long dts, boolean key) {
        return new AccessUnit(VIDEO, dts, dts, key, System.nanoTime(), 0, new Payload.H264(List.of(new byte[10])));
    }

    private final ManualScheduler scheduler = new ManualScheduler();
    private final Broadcasts broadcasts = new Broadcasts(new BroadcastsConfig(Duration.ofSeconds(30), 3),
            scheduler, Clock.systemUTC());

    @Test
    void readerStartsAtKeyframeAndHearsTheWholeLife() {
        RecordingSink sink = new RecordingSink();
        broadcasts.addListener(new BroadcastListener() {
            @Override public void onStarted(Broadcast b) { b.addReader("test", sink, Runnable::run); }
        });
        Publication p = broadcasts.publish("s1", List.of(VIDEO, AUDIO), INFO);
        p.write(video(0, false));
        p.write(video(33, true));
        p.write(video(66, false));
        p.close();
        assertThat(broadcasts.current("s1")).get().extracting(Broadcast::state).isEqualTo(BroadcastState.RECONNECTING);
        scheduler.runAll();
        assertThat(sink.events).containsExactly("session0", "K33", "f66", "lost", "end");
        assertThat(broadcasts.current("s1")).isEmpty();
    }

    @Test
    void reconnectWithinGraceContinuesTheSameBroadcast() {
        Publication first = broadcasts.publish("s1", List.of(VIDEO), INFO);
        String id = first.broadcast().id();
        first.close();
        Publication second = broadcasts.publish("s1", List.of(VIDEO), INFO);
        assertThat(second.broadcast().id()).isEqualTo(id);
        assertThat(second.session().discontinuity()).isTrue();
        assertThat(second.session().sequence()).isEqualTo(1);
        assertThat(scheduler.tasks).isEmpty(); // grace timer cancelled
        assertThat(second.broadcast().state()).isEqualTo(BroadcastState.LIVE);
    }

    @Test
    void takeoverRevokesTheLingeringPublisher() {
        Publication first = broadcasts.publish("s1", List.of(VIDEO), INFO);
        AtomicBoolean revoked = new AtomicBoolean();
        first.onRevoked(() -> revoked.set(true));
        Publication second = broadcasts.publish("s1", List.of(VIDEO), INFO);
        assertThat(revoked).isTrue();
        assertThat(first.isActive()).isFalse();
        assertThat(second.broadcast()).isSameAs(first.broadcast());
        first.close(); // the old connection closing later must not end or pause the broadcast
        assertThat(second.broadcast().state()).isEqualTo(BroadcastState.LIVE);
        assertThat(scheduler.tasks).isEmpty();
    }

    @Test
    void afterGraceANewPublisherStartsANewBroadcast() {
        Publication first = broadcasts.publish("s1", List.of(VIDEO), INFO);
        first.close();
        scheduler.runAll();
        assertThat(first.broadcast().state()).isEqualTo(BroadcastState.ENDED);
        Publication second = broadcasts.publish("s1", List.of(VIDEO), INFO);
        assertThat(second.broadcast().id()).isNotEqualTo(first.broadcast().id());
        assertThat(second.session().discontinuity()).isFalse();
    }

    @Test
    void slowReaderDropsAndResumesAtKeyframeWithoutBlockingThePublisher() {
        List<Runnable> parked = new ArrayList<>();
        RecordingSink sink = new RecordingSink();
        Publication p = broadcasts.publish("s1", List.of(VIDEO), INFO);
        BroadcastReader reader = p.broadcast().addReader("slow", sink, parked::add);
        p.write(video(0, true));
        p.write(video(1, false));
        p.write(video(2, false));
        p.write(video(3, false)); // capacity 3 reached: dropped
        p.write(video(4, false)); // dropped until keyframe
        assertThat(reader.dropped()).isEqualTo(1);
        parked.remove(0).run(); // drain what was queued
        p.write(video(5, true));
        p.write(video(6, false));
        while (!parked.isEmpty()) {
            parked.remove(0).run();
        }
        assertThat(sink.events).containsExactly("session0", "K0", "f1", "f2", "K5", "f6");
    }

    @Test
    void endRevokesThePublisherAndEndsReaders() {
        RecordingSink sink = new RecordingSink();
        Publication p = broadcasts.publish("s1", List.of(VIDEO), INFO);
        p.broadcast().addReader("r", sink, Runnable::run);
        AtomicBoolean revoked = new AtomicBoolean();
        p.onRevoked(() -> revoked.set(true));
        broadcasts.end("s1", "key rotated");
        assertThat(revoked).isTrue();
        assertThat(p.revokedReason()).isEqualTo("key rotated");
        assertThat(sink.events).containsExactly("session0", "end");
        assertThat(broadcasts.all()).isEmpty();
    }
}
