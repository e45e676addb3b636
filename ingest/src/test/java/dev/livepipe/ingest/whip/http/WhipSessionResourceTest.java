// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.ingest.whip.sdp.SdpFixtures;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session resource (RFC 9725 §4.3): DELETE, trickle PATCH, CORS preflight and 405s. */
class WhipSessionResourceTest {

    private static final String SDPFRAG = "application/trickle-ice-sdpfrag";
    private static final String TRICKLE = "a=ice-ufrag:Ez4N\r\na=ice-pwd:lLVeVm3Z5+/RiTgtEt2hA7Cc\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n"
            + "a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag Ez4N\r\n"
            + "a=end-of-candidates\r\n";

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

    private HttpResponse<String> created(WhipConfig config) throws Exception {
        fx = new WhipHttpFixture(vertx, config);
        HttpResponse<String> r = fx.publish("/whip/stream1", SdpFixtures.chromeOffer());
        assertThat(r.statusCode()).isEqualTo(201);
        return r;
    }

    @Test
    void deleteEndsTheSessionOnceThen404() throws Exception {
        String location = created(WhipConfig.defaults()).headers().firstValue("Location").orElseThrow();
        HttpResponse<String> r = fx.method("DELETE", location, null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(fx.factory.handles.getFirst().isClosed()).isTrue();
        assertThat(fx.whip.describe().getInteger("sessions")).isZero();
        assertThat(fx.whip.describe().getInteger("reserved")).isZero();
        assertThat(fx.method("DELETE", location, null, null).statusCode()).isEqualTo(404);
        assertThat(fx.method("DELETE", "/whip/stream1/sessions/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", null, null)
                .statusCode()).isEqualTo(404);
        String otherStream = location.replace("/stream1/", "/stream2/");
        assertThat(fx.method("DELETE", otherStream, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void sessionClosedByTheTransportIsForgotten() throws Exception {
        String location = created(WhipConfig.defaults()).headers().firstValue("Location").orElseThrow();
        fx.factory.handles.getFirst().close();
        assertThat(fx.method("DELETE", location, null, null).statusCode()).isEqualTo(404);
        assertThat(fx.whip.describe().getInteger("reserved")).isZero();
    }

    @Test
    void patchTricklesCandidatesWithMatchingEtag() throws Exception {
        HttpResponse<String> c = created(WhipConfig.defaults());
        String location = c.headers().firstValue("Location").orElseThrow();
        String etag = c.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> r = fx.method("PATCH", location, SDPFRAG, TRICKLE, "If-Match", etag);
        assertThat(r.statusCode()).isEqualTo(204);
        FakeSessionFactory.FakeHandle h = fx.factory.handles.getFirst();
        assertThat(h.trickled).singleElement().satisfies(cand -> assertThat(cand.port()).isEqualTo(61764));
        assertThat(h.endOfCandidates).isTrue();
        assertThat(fx.method("PATCH", location, SDPFRAG, "a=end-of-candidates\r\n").statusCode())
                .as("without If-Match").isEqualTo(204);
    }

    @Test
    void patchRefusals() throws Exception {
        String location = created(WhipConfig.defaults()).headers().firstValue("Location").orElseThrow();
        assertThat(fx.method("PATCH", location, SDPFRAG, TRICKLE, "If-Match", "\"0000000000000000\"").statusCode())
                .isEqualTo(412);
        assertThat(fx.method("PATCH", location, "application/sdp", TRICKLE).statusCode()).isEqualTo(415);
        assertThat(fx.method("PATCH", location, SDPFRAG, "a=candidate:garbage\r\n").statusCode()).isEqualTo(400);
        HttpResponse<String> restart = fx.method("PATCH", location, SDPFRAG,
                TRICKLE.replace("Ez4N", "N3wU").replace("lLVeVm3Z5", "newpasswd"), "If-Match", "*");
        assertThat(restart.statusCode()).isEqualTo(422);
        assertThat(restart.body()).contains("ICE restart");
        assertThat(fx.method("PATCH", location.replace("/sessions/", "/sessions/x"), SDPFRAG, TRICKLE).statusCode())
                .isEqualTo(404);
        assertThat(fx.factory.handles.getFirst().trickled).isEmpty();
    }

    @Test
    void withTrickleOffPatchIs405AndNotAdvertised() throws Exception {
        HttpResponse<String> c = created(WhipConfig.defaults().withTrickle(false));
        assertThat(c.headers().firstValue("Accept-Patch")).isEmpty();
        assertThat(c.body()).doesNotContain("a=ice-options:trickle");
        String location = c.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> r = fx.method("PATCH", location, SDPFRAG, TRICKLE);
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).contains("DELETE, OPTIONS");
    }

    @Test
    void corsPreflightOnEndpointAndSession() throws Exception {
        String location = created(WhipConfig.defaults()).headers().firstValue("Location").orElseThrow();
        for (String path : new String[] {"/whip/stream1", location}) {
            HttpResponse<String> r = fx.method("OPTIONS", path, null, null, "Origin", "https://studio.example",
                    "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type");
            assertThat(r.statusCode()).isEqualTo(204);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
            assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).contains("POST, PATCH, DELETE, OPTIONS");
            assertThat(r.headers().firstValue("Access-Control-Allow-Headers"))
                    .contains("Authorization, Content-Type, If-Match");
            assertThat(r.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
                    .contains("Location", "ETag", "Link", "Accept-Patch");
        }
    }

    @Test
    void otherMethodsAre405AndUnknownPathsAre404() throws Exception {
        String location = created(WhipConfig.defaults()).headers().firstValue("Location").orElseThrow();
        for (String m : new String[] {"GET", "HEAD", "PUT"}) {
            HttpResponse<String> r = fx.method(m, "/whip/stream1", null, m.equals("PUT") ? "x" : null);
            assertThat(r.statusCode()).as(m).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).contains("POST, OPTIONS");
            assertThat(fx.method(m, location, null, m.equals("PUT") ? "x" : null).statusCode()).isEqualTo(405);
        }
        assertThat(fx.method("POST", location, "application/sdp", "v=0").statusCode()).isEqualTo(405);
        assertThat(fx.method("GET", "/whip/stream1/other", null, null).statusCode()).isEqualTo(404);
        assertThat(fx.method("GET", "/whipple", null, null).statusCode()).isEqualTo(404);
        assertThat(fx.method("GET", "/whip/a%2Fb", null, null).statusCode()).isEqualTo(404);
        assertThat(fx.factory.requests).hasSize(1);
    }

    @Test
    void closeAllEndsEverySession() throws Exception {
        created(WhipConfig.defaults());
        fx.whip.closeAll().toCompletionStage().toCompletableFuture().get();
        assertThat(fx.factory.handles.getFirst().isClosed()).isTrue();
        assertThat(fx.whip.describe().getInteger("sessions")).isZero();
    }
}
