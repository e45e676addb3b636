// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.ingest.rtmp.amf0.Amf0EcmaArray;
import dev.livepipe.ingest.rtmp.message.Acknowledgement;
import dev.livepipe.ingest.rtmp.message.WindowAckSize;
import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.BroadcastState;
import dev.livepipe.media.PublisherSession;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The publish life cycle against the hub, driven by raw clients. */
@Timeout(60)
class PublishLifecycleEdgeTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static EdgeFixture edge;

    @BeforeAll
    static void start() throws Exception {
        edge = new EdgeFixture(Map.of("takeover-key", "s-takeover", "change-key", "s-change",
                "early-key", "s-early", "unpublish-key", "s-unpublish", "ack-key", "s-ack",
                "describe-key", "s-describe"));
    }

    @AfterAll
    static void stop() throws Exception {
        edge.close();
    }

    private static RawRtmpClient publishing(String key) throws Exception {
        RawRtmpClient c = new RawRtmpClient(edge.port()).handshake();
        c.publish("live", key);
        assertThat(c.awaitStatus("NetStream.Publish.Start", WAIT)).isTrue();
        return c;
    }

    private static void sendHeadersAndKeyframe(RawRtmpClient c, byte[] sps, long ts) throws Exception {
        c.send(FlvBodies.avcSequenceHeader(ts, sps));
        c.send(FlvBodies.aacSequenceHeader());
        c.send(FlvBodies.avcFrame(ts, true, 500));
        c.send(FlvBodies.aacFrame(ts));
    }

    @Test
    void aReconnectingPublisherTakesOverAndTheOldConnectionIsClosed() throws Exception {
        try (RawRtmpClient first = publishing("takeover-key")) {
            sendHeadersAndKeyframe(first, FlvBodies.SPS_360, 0);
            assertThat(edge.hub.awaitUnits("s-takeover", 1, WAIT)).isTrue();
            try (RawRtmpClient second = publishing("takeover-key")) {
                sendHeadersAndKeyframe(second, FlvBodies.SPS_360, 0);
                assertThat(first.awaitClosedByServer(WAIT)).as("revoked publisher closed").isTrue();
                assertThat(second.awaitClosedByServer(Duration.ofMillis(300))).isFalse();
            }
        }
        HubRecorder.Seen seen = edge.hub.seen("s-takeover");
        assertThat(seen.sessions).extracting(PublisherSession::sequence).containsExactly(0, 1);
        assertThat(seen.sessions.get(1).discontinuity()).isTrue();
    }

    @Test
    void aNewSequenceHeaderMidStreamPublishesAgain() throws Exception {
        try (RawRtmpClient c = publishing("change-key")) {
            sendHeadersAndKeyframe(c, FlvBodies.SPS_360, 0);
            c.send(FlvBodies.avcFrame(33, false, 200));
            c.send(FlvBodies.avcSequenceHeader(66, FlvBodies.SPS_360)); // same again: no change
            c.send(FlvBodies.avcSequenceHeader(66, FlvBodies.SPS_720));
            c.send(FlvBodies.avcFrame(66, true, 800));
            assertThat(edge.hub.awaitUnits("s-change", 4, WAIT)).isTrue();
            assertThat(c.awaitClosedByServer(Duration.ofMillis(200))).isFalse();
        }
        HubRecorder.Seen seen = edge.hub.seen("s-change");
        assertThat(seen.sessions).hasSize(2);
        assertThat(seen.sessions.get(0).video().orElseThrow().width()).isEqualTo(640);
        PublisherSession second = seen.sessions.get(1);
        assertThat(second.discontinuity()).isTrue();
        assertThat(second.video().orElseThrow().width()).isEqualTo(1280);
        assertThat(second.video().orElseThrow().codecString()).isEqualTo("avc1.64001f");
        AccessUnit last = seen.units.get(seen.units.size() - 1);
        assertThat(last.track()).isEqualTo(second.video().orElseThrow());
        assertThat(last.keyframe()).isTrue();
    }

    @Test
    void mediaSentBeforePublishStartIsKeptAndTheFirstKeyframeIsNotLost() throws Exception {
        try (RawRtmpClient c = new RawRtmpClient(edge.port()).handshake()) {
            c.publish("live", "early-key"); // no waiting for NetStream.Publish.Start
            c.data(1, "@setDataFrame", "onMetaData",
                    Amf0EcmaArray.of("encoder", "raw-test", "width", 640.0, "height", 360.0,
                            "videocodecid", 7.0, "audiocodecid", 10.0));
            sendHeadersAndKeyframe(c, FlvBodies.SPS_360, 0);
            assertThat(c.awaitStatus("NetStream.Publish.Start", WAIT)).isTrue();
            assertThat(edge.hub.awaitUnits("s-early", 2, WAIT)).isTrue();
        }
        HubRecorder.Seen seen = edge.hub.seen("s-early");
        assertThat(seen.sessions.get(0).publisher().software()).isEqualTo("raw-test");
        assertThat(seen.units.get(0).keyframe()).isTrue();
        assertThat(seen.units.get(0).dts()).isZero();
    }

    @Test
    void unpublishEndsThePublicationButNotTheConnection() throws Exception {
        try (RawRtmpClient c = publishing("unpublish-key")) {
            sendHeadersAndKeyframe(c, FlvBodies.SPS_360, 0);
            assertThat(edge.hub.awaitUnits("s-unpublish", 1, WAIT)).isTrue();
            assertThat(edge.broadcasts.current("s-unpublish").orElseThrow().state()).isEqualTo(BroadcastState.LIVE);
            c.command(0, "FCUnpublish", 4, null, "unpublish-key");
            c.command(0, "deleteStream", 5, null, 1.0);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (edge.broadcasts.current("s-unpublish").orElseThrow().state() != BroadcastState.RECONNECTING
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(edge.broadcasts.current("s-unpublish").orElseThrow().state())
                    .isEqualTo(BroadcastState.RECONNECTING);
            assertThat(c.awaitClosedByServer(Duration.ofMillis(200))).isFalse();
        }
    }

    @Test
    void acknowledgementsFollowThePeersWindow() throws Exception {
        try (RawRtmpClient c = publishing("ack-key")) {
            c.send(new WindowAckSize(5000).toRaw());
            sendHeadersAndKeyframe(c, FlvBodies.SPS_360, 0);
            for (int i = 1; i <= 10; i++) {
                c.send(FlvBodies.avcFrame(i * 33L, false, 1000));
            }
            Acknowledgement ack = (Acknowledgement) c.awaitMessage(m -> m instanceof Acknowledgement, WAIT);
            assertThat(ack).isNotNull();
            assertThat(ack.sequenceNumber()).isGreaterThanOrEqualTo(5000);
        }
    }

    @Test
    void describeShowsTheConnectionButNeverTheKey() throws Exception {
        try (RawRtmpClient c = publishing("describe-key")) {
            sendHeadersAndKeyframe(c, FlvBodies.SPS_360, 0);
            assertThat(edge.hub.awaitUnits("s-describe", 1, WAIT)).isTrue();
            JsonObject all = edge.server.describe();
            JsonObject conn = all.getJsonArray("connections").stream().map(JsonObject.class::cast)
                    .filter(j -> "s-describe".equals(j.getString("streamId"))).findFirst().orElseThrow();
            assertThat(conn.getString("state")).isEqualTo("PUBLISHING");
            assertThat(conn.getString("remoteAddress")).startsWith("127.0.0.1:");
            assertThat(conn.getLong("bytesIn")).isPositive();
            assertThat(conn.getString("keyFingerprint")).hasSize(4);
            assertThat(conn.getJsonObject("publish").getJsonArray("tracks")).hasSize(2);
            assertThat(all.encode()).doesNotContain("describe-key");
        }
    }
}
