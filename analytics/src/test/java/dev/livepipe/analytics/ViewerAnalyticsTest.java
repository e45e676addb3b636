// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.media.Broadcast;
import dev.livepipe.media.BroadcastListener;
import dev.livepipe.media.Broadcasts;
import dev.livepipe.media.BroadcastsConfig;
import dev.livepipe.media.Publication;
import dev.livepipe.media.PublisherInfo;
import dev.livepipe.media.Scheduler;
import dev.livepipe.storage.analytics.AnalyticsMinuteRepository;
import dev.livepipe.storage.analytics.AnalyticsSummaryRepository;
import dev.livepipe.storage.broadcasts.BroadcastRepository;
import dev.livepipe.storage.db.SharedDatabase;
import dev.livepipe.storage.streams.StreamRepository;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The analytics service with its real neighbours: a {@link Broadcasts} hub, the Vert.x event bus
 * (chat, reactions, viewers.update) and PostgreSQL (series and totals), time from a test clock.
 */
@ExtendWith(SharedDatabase.class)
class ViewerAnalyticsTest {

    private static final PublisherInfo PUBLISHER = new PublisherInfo("test", "127.0.0.1:1", "test");

    private final TestClock clock = new TestClock(Instant.parse("2026-05-01T12:00:05Z"));
    private Vertx vertx;
    private Broadcasts broadcasts;
    private ViewerAnalytics analytics;
    private String streamId;
    private final List<JsonObject> updates = new CopyOnWriteArrayList<>();
    /** Whether the broadcast row is written when a broadcast starts (the journal). */
    private volatile boolean journal = true;
    private BroadcastRepository rows;

    @BeforeEach
    void setUp(DSLContext dsl) {
        vertx = Vertx.vertx();
        Scheduler scheduler = (delay, task) -> {
            long id = vertx.setTimer(Math.max(1, delay.toMillis()), t -> task.run());
            return () -> vertx.cancelTimer(id);
        };
        broadcasts = new Broadcasts(new BroadcastsConfig(Duration.ofSeconds(1), 100), scheduler, clock);
        streamId = new StreamRepository(dsl, Clock.systemUTC()).create("analytics").stream().id();
        rows = new BroadcastRepository(dsl);
        broadcasts.addListener(new BroadcastListener() { // the broadcast row the figures refer to
            @Override
            public void onStarted(Broadcast b) {
                if (journal) {
                    rows.start(UUID.fromString(b.id()), b.streamId(), b.startedAt(), null);
                }
            }
        });
        analytics = new ViewerAnalytics(vertx, AnalyticsConfig.defaults(), clock, new AnalyticsMinuteRepository(dsl),
                new AnalyticsSummaryRepository(dsl, clock), s -> s.equals(streamId) ? 7 : 0);
        broadcasts.addListener(analytics);
        vertx.eventBus().<JsonObject>consumer(AnalyticsAddresses.viewers(streamId), m -> updates.add(m.body()))
                .completion().await();
    }

    @AfterEach
    void tearDown() {
        vertx.close().await();
    }

    @Test
    void countsViewersAndEngagementPublishesChangesAndStoresFinalFigures() throws Exception {
        Publication p = broadcasts.publish(streamId, List.of(), PUBLISHER);
        String b = p.broadcast().id();
        analytics.engagementReady(b).await();

        for (int i = 0; i < 3; i++) {
            analytics.onPlaylist(streamId, b, "viewer-" + i);
            analytics.onSegment(streamId, b, "viewer-" + i, 0, 2_000_000);
            analytics.onSegment(streamId, b, "viewer-" + i, 0, 2_000_000);
        }
        analytics.onSegment(streamId, UUID.randomUUID().toString(), "viewer-x", 0, 2_000_000); // unknown: ignored
        var bus = vertx.eventBus();
        bus.publish(AnalyticsAddresses.chat(streamId), new JsonObject().put("type", "chat.message").put("id", 1));
        bus.publish(AnalyticsAddresses.chat(streamId), new JsonObject().put("type", "chat.message").put("id", 2).encode());
        bus.publish(AnalyticsAddresses.chat(streamId), new JsonObject().put("type", "chat.deleted").put("id", 1));
        bus.publish(AnalyticsAddresses.chat(streamId), "not json");
        bus.publish(AnalyticsAddresses.reactions(streamId), new JsonObject().put("type", "reaction.burst")
                .put("counts", new JsonObject().put("heart", 3).put("fire", 2).put("bad", -4).put("x", "y"))
                .put("window", 250));
        bus.publish(AnalyticsAddresses.reactions(streamId), new JsonObject().put("type", "reaction.burst")
                .put("counts", new JsonObject().put("clap", 1)));
        await("engagement counted", () -> {
            AnalyticsSnapshot s = analytics.latest(streamId).orElseThrow();
            return s.chatMessages() == 2 && s.reactions() == 6;
        });

        analytics.tick();
        await("viewers.update", () -> updates.size() == 1);
        assertThat(updates.getFirst()).isEqualTo(new JsonObject().put("current", 3).put("peak", 3).put("broadcastId", b));
        analytics.tick(); // no change: nothing published
        clock.advance(Duration.ofSeconds(20));
        analytics.onSegment(streamId, b, "viewer-0", 1, 2_000_000);
        clock.advance(Duration.ofSeconds(15)); // viewer-1 and -2 idle for 35 s
        analytics.tick();
        await("second viewers.update", () -> updates.size() == 2);
        assertThat(updates.get(1)).isEqualTo(new JsonObject().put("current", 1).put("peak", 3).put("broadcastId", b));

        AnalyticsSnapshot live = analytics.latest(streamId).orElseThrow();
        assertThat(live.live()).isTrue();
        assertThat(live.broadcastId()).isEqualTo(b);
        assertThat(live.currentViewers()).isEqualTo(1);
        assertThat(live.peakViewers()).isEqualTo(3);
        assertThat(live.uniqueViewers()).isEqualTo(3);
        assertThat(live.watchSeconds()).isEqualTo(8.0);
        assertThat(live.sockets()).isEqualTo(7);
        assertThat(live.series()).hasSize(1); // 12:00:05 → 12:00:40: one open minute
        assertThat(analytics.currentViewersByStream()).containsEntry(streamId, 1);

        // The broadcast ends: engagement stops counting; figures are final once the last session expired.
        broadcasts.end(streamId, "test");
        bus.publish(AnalyticsAddresses.chat(streamId), new JsonObject().put("type", "chat.message").put("id", 3));
        clock.advance(Duration.ofSeconds(40)); // 12:01:20
        analytics.tick();
        assertThat(analytics.currentViewersByStream()).doesNotContainKey(streamId);
        AnalyticsSnapshot ended = analytics.latest(streamId).orElseThrow();
        assertThat(ended.live()).isFalse();
        assertThat(ended.endedAt()).isNotNull();
        assertThat(ended.chatMessages()).isEqualTo(2);
        assertThat(ended.currentViewers()).isZero();
        assertThat(ended.uniqueViewers()).isEqualTo(3);

        analytics.stop().await(); // drains the writer
        AnalyticsSnapshot stored = analytics.stored(streamId, null).orElseThrow();
        assertThat(stored.broadcastId()).isEqualTo(b);
        assertThat(stored.endedAt()).isEqualTo(ended.endedAt());
        assertThat(stored.peakViewers()).isEqualTo(3);
        assertThat(stored.uniqueViewers()).isEqualTo(3);
        assertThat(stored.watchSeconds()).isEqualTo(8.0);
        assertThat(stored.chatMessages()).isEqualTo(2);
        assertThat(stored.reactions()).isEqualTo(6);
        assertThat(stored.peakSockets()).isEqualTo(7);
        assertThat(stored.series()).extracting(m -> m.minute().toString())
                .containsExactly("2026-05-01T12:00:00Z", "2026-05-01T12:01:00Z");
        assertThat(stored.series().getFirst().chatMessages()).isEqualTo(2);
        assertThat(stored.series().getFirst().watchSeconds()).isEqualTo(8.0);
        assertThat(stored.series().getFirst().peakViewers()).isEqualTo(3);
        assertThat(stored.series().getFirst().sockets()).isEqualTo(7);
        assertThat(analytics.stored(streamId, UUID.fromString(b))).isPresent();
        assertThat(analytics.stored("other-stream", UUID.fromString(b))).isEmpty();
    }

    @Test
    void minutesWhoseWriteFailedAreWrittenByALaterWrite(DSLContext dsl) throws Exception {
        journal = false; // the broadcast row is not there yet: writes fail on the foreign key
        Publication p = broadcasts.publish(streamId, List.of(), PUBLISHER);
        String b = p.broadcast().id();
        analytics.onSegment(streamId, b, "viewer-1", 0, 2_000_000);
        clock.advance(Duration.ofSeconds(60)); // 12:01:05: minute 12:00 closes, its write fails
        analytics.tick();
        analytics.onSegment(streamId, b, "viewer-1", 1, 2_000_000); // in minute 12:01
        clock.advance(Duration.ofSeconds(60)); // 12:02:05: minute 12:01 closes, its write fails too
        analytics.tick();
        drainWriter();
        assertThat(new dev.livepipe.storage.analytics.AnalyticsMinuteRepository(dsl).list(UUID.fromString(b), 100))
                .isEmpty();

        rows.start(UUID.fromString(b), streamId, p.broadcast().startedAt(), null); // journaled now
        clock.advance(Duration.ofSeconds(60)); // 12:03:05: this write carries all three closed minutes
        analytics.tick();
        drainWriter();
        var stored = new dev.livepipe.storage.analytics.AnalyticsMinuteRepository(dsl).list(UUID.fromString(b), 100);
        assertThat(stored).extracting(m -> m.minute().toString())
                .containsExactly("2026-05-01T12:00:00Z", "2026-05-01T12:01:00Z", "2026-05-01T12:02:00Z");
        assertThat(stored.get(0).watchSeconds()).isEqualTo(2.0);
        assertThat(stored.get(1).watchSeconds()).isEqualTo(2.0);
        assertThat(analytics.stored(streamId, UUID.fromString(b)).orElseThrow().watchSeconds()).isEqualTo(4.0);
        p.close();
    }

    @Test
    void whileLiveTheViewerCountIsRepublishedEveryFiveSeconds() throws Exception {
        Publication p = broadcasts.publish(streamId, List.of(), PUBLISHER);
        String b = p.broadcast().id();
        analytics.onPlaylist(streamId, b, "viewer-1");
        analytics.tick();
        await("first update", () -> updates.size() == 1);
        clock.advance(Duration.ofSeconds(2));
        analytics.onPlaylist(streamId, b, "viewer-1");
        analytics.tick(); // unchanged, 2 s later: nothing
        clock.advance(Duration.ofSeconds(3));
        analytics.onPlaylist(streamId, b, "viewer-1");
        analytics.tick(); // unchanged, 5 s later: again, for a chat room opened meanwhile
        await("republished", () -> updates.size() == 2);
        assertThat(updates.get(1)).isEqualTo(new JsonObject().put("current", 1).put("peak", 1).put("broadcastId", b));
        p.close();
    }

    private void drainWriter() throws Exception {
        analytics.writesDone().get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
