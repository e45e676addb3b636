// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.http;

import static dev.livepipe.ingest.whip.http.WhipHttpFixture.KEY;
import static dev.livepipe.ingest.whip.http.WhipHttpFixture.OTHER_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.ingest.whip.sdp.Direction;
import dev.livepipe.ingest.whip.sdp.SdpFixtures;
import dev.livepipe.ingest.whip.sdp.SdpOffer;
import dev.livepipe.ingest.whip.sdp.SdpParser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST on the WHIP endpoint (RFC 9725 §4.2) against a real server: the 201 and every refusal. */
class WhipPublishTest {

    private static Vertx vertx;
    private WhipHttpFixture fx;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @AfterEach
    void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    private WhipHttpFixture start(WhipConfig config) throws Exception {
        fx = new WhipHttpFixture(vertx, config);
        return fx;
    }

    private static WhipConfig config() {
        return WhipConfig.defaults().withIceServers(List.of(IceServer.stun("stun:stun.example.net:3478"),
                IceServer.turn("turn:turn.example.net?transport=udp", "user", "pass")));
    }

    @Test
    void createdWithLocationEtagLinksAndAnswer() throws Exception {
        start(config());
        HttpResponse<String> r = fx.publish("/whip/stream1", SdpFixtures.chromeOffer());
        assertThat(r.statusCode()).isEqualTo(201);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/whip/stream1/sessions/[A-Za-z0-9_-]{43}").doesNotContain(KEY);
        assertThat(r.headers().firstValue("ETag").orElseThrow()).matches("\"[0-9a-f]{16}\"");
        assertThat(r.headers().firstValue("Content-Type")).contains("application/sdp");
        assertThat(r.headers().firstValue("Accept-Patch")).contains("application/trickle-ice-sdpfrag");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(r.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
                .contains("Location", "ETag", "Link");
        assertThat(r.headers().allValues("Link")).containsExactly(
                "<stun:stun.example.net:3478>; rel=\"ice-server\"",
                "<turn:turn.example.net?transport=udp>; rel=\"ice-server\"; username=\"user\"; credential=\"pass\";"
                        + " credential-type=\"password\"");
        SdpOffer answer = SdpParser.parseOffer(r.body());
        assertThat(answer.media()).hasSize(2).allMatch(m -> m.direction() == Direction.RECVONLY);
        assertThat(fx.factory.requests).singleElement().satisfies(req -> {
            assertThat(req.streamId()).isEqualTo("stream1");
            assertThat(req.negotiated().media().video().orElseThrow().payloadType()).isEqualTo(109);
        });
        assertThat(fx.whip.describe().getInteger("sessions")).isEqualTo(1);
    }

    @Test
    void bareKeyWithoutBearerAndEndpointWithoutStreamIdAreAccepted() throws Exception {
        start(WhipConfig.defaults());
        HttpResponse<String> bare = fx.send(fx.post("/whip/stream1", KEY, "application/sdp; charset=utf-8",
                SdpFixtures.firefoxOffer()).build());
        assertThat(bare.statusCode()).isEqualTo(201);
        HttpResponse<String> noStream = fx.send(fx.post("/whip", "bearer " + OTHER_KEY, "application/sdp",
                SdpFixtures.vp8OnlyOffer()).build());
        assertThat(noStream.statusCode()).isEqualTo(201);
        assertThat(noStream.headers().firstValue("Location").orElseThrow()).startsWith("/whip/stream2/sessions/");
        assertThat(noStream.headers().allValues("Link")).isEmpty();
    }

    @Test
    void wrongMissingOrForeignKeyIs401() throws Exception {
        start(WhipConfig.defaults());
        String offer = SdpFixtures.chromeOffer();
        assertRefused(fx.send(fx.post("/whip/stream1", "Bearer nope", "application/sdp", offer).build()), 401);
        assertRefused(fx.send(fx.post("/whip/stream1", "nope", "application/sdp", offer).build()), 401);
        assertRefused(fx.send(fx.post("/whip/stream1", null, "application/sdp", offer).build()), 401);
        assertRefused(fx.send(fx.post("/whip/stream1", "Bearer ", "application/sdp", offer).build()), 401);
        assertRefused(fx.send(fx.post("/whip/stream1", "Bearer " + OTHER_KEY, "application/sdp", offer).build()), 401);
        assertNoSession();
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        start(WhipConfig.defaults());
        assertRefused(fx.send(fx.post("/whip/stream1", "Bearer " + KEY, "text/plain", SdpFixtures.chromeOffer())
                .build()), 415);
        assertRefused(fx.send(fx.post("/whip/stream1", "Bearer " + KEY, null, SdpFixtures.chromeOffer()).build()), 415);
        assertNoSession();
    }

    @Test
    void tenMegabyteBodyIs413WithoutReadingIt() throws Exception {
        start(WhipConfig.defaults());
        byte[] big = new byte[10 << 20];
        long t0 = System.nanoTime();
        HttpResponse<String> declared = fx.send(fx.post("/whip/stream1", "Bearer " + KEY, "application/sdp", "")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).expectContinue(true).build());
        assertRefused(declared, 413);

        AtomicLong supplied = new AtomicLong();
        HttpRequest streamed = fx.post("/whip/stream1", "Bearer " + KEY, "application/sdp", "")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new CountingZeros(10 << 20, supplied))).build();
        try {
            HttpResponse<String> r = fx.send(streamed);
            assertRefused(r, 413);
        } catch (IOException expected) {
            // the server closed the connection while the client was still uploading: fine
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(supplied.get()).as("the upload was cut short").isLessThan(10 << 20);
        assertNoSession();
        assertThat(fx.publish("/whip/stream1", SdpFixtures.chromeOffer()).statusCode()).as("server still up")
                .isEqualTo(201);
    }

    @Test
    void malformedSdpIs400() throws Exception {
        start(WhipConfig.defaults());
        StringBuilder many = new StringBuilder("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        for (int i = 0; i < 500; i++) {
            many.append("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:").append(i).append("\r\n");
        }
        for (String bad : List.of("hello", "", many.toString(),
                SdpFixtures.chromeOffer().replace("a=sendonly", "a=recvonly"))) {
            HttpResponse<String> r = fx.publish("/whip/stream1", bad);
            assertRefused(r, 400);
            assertThat(r.body()).startsWith("bad SDP offer: ");
        }
        assertNoSession();
    }

    @Test
    void noUsableCodecIs406() throws Exception {
        start(WhipConfig.defaults());
        String vp9Only = SdpFixtures.vp8OnlyOffer().replace("a=rtpmap:96 VP8/90000", "a=rtpmap:96 AV1/90000");
        assertRefused(fx.publish("/whip/stream1", vp9Only), 406);
        assertNoSession();
    }

    @Test
    void overTheSessionLimitIs503ButTakeoverOfTheSameStreamIsAllowed() throws Exception {
        start(WhipConfig.defaults().withMaxSessions(1));
        assertThat(fx.publish("/whip/stream1", SdpFixtures.chromeOffer()).statusCode()).isEqualTo(201);
        HttpResponse<String> other = fx.send(fx.post("/whip/stream2", "Bearer " + OTHER_KEY, "application/sdp",
                SdpFixtures.chromeOffer()).build());
        assertRefused(other, 503);
        assertThat(fx.publish("/whip/stream1", SdpFixtures.chromeOffer()).statusCode()).as("takeover").isEqualTo(201);
        assertThat(fx.factory.requests).hasSize(2);
        // the hub revokes the replaced publisher; its transport reports the session closed
        fx.factory.handles.forEach(FakeSessionFactory.FakeHandle::close);
        assertThat(fx.send(fx.post("/whip/stream2", "Bearer " + OTHER_KEY, "application/sdp",
                SdpFixtures.chromeOffer()).build()).statusCode()).isEqualTo(201);
    }

    @Test
    void zeroSessionsAllowedIsAlways503() throws Exception {
        start(WhipConfig.defaults().withMaxSessions(0));
        assertRefused(fx.publish("/whip/stream1", SdpFixtures.chromeOffer()), 503);
        assertNoSession();
    }

    @Test
    void factoryFailureIs500AndFreesTheSlot() throws Exception {
        start(WhipConfig.defaults().withMaxSessions(1));
        fx.factory.behaviour = h -> Future.failedFuture("ICE gathering failed");
        assertRefused(fx.publish("/whip/stream1", SdpFixtures.chromeOffer()), 500);
        fx.factory.behaviour = h -> {
            throw new IllegalStateException("boom");
        };
        assertRefused(fx.publish("/whip/stream1", SdpFixtures.chromeOffer()), 500);
        assertThat(fx.whip.describe().getInteger("reserved")).isZero();
    }

    @Test
    void sessionArrivingAfterTheDeadlineIsClosed() throws Exception {
        start(WhipConfig.defaults().withSetupTimeout(Duration.ofMillis(100)));
        fx.factory.behaviour = FakeSessionFactory.late(vertx, 400);
        assertRefused(fx.publish("/whip/stream1", SdpFixtures.chromeOffer()), 500);
        Thread.sleep(700);
        assertThat(fx.factory.handles).singleElement().satisfies(h -> assertThat(h.isClosed()).isTrue());
        assertThat(fx.whip.describe().getInteger("reserved")).isZero();
    }

    private void assertRefused(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(r.body()).endsWith("\n").doesNotContain(KEY);
        assertThat(r.body().strip()).doesNotContain("\n").isNotEmpty();
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    }

    private void assertNoSession() {
        assertThat(fx.factory.requests).as("factory never called").isEmpty();
        assertThat(fx.whip.describe().getInteger("sessions")).isZero();
        assertThat(fx.whip.describe().getInteger("reserved")).isZero();
    }

    /** Zeros, counting how many the client pulled. */
    private static final class CountingZeros extends InputStream {
        private final long size;
        private final AtomicLong read;

        CountingZeros(long size, AtomicLong read) {
            this.size = size;
            this.read = read;
        }

        @Override
        public int read() {
            return read.get() < size ? (int) (0 * read.incrementAndGet()) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            long left = size - read.get();
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 'a');
            read.addAndGet(n);
            return n;
        }
    }
}
