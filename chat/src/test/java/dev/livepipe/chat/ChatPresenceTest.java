// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.storage.db.Database;
import dev.livepipe.storage.db.SharedDatabase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedDatabase.class)
class ChatPresenceTest {

    private TestChatServer server;
    private String streamId;

    @BeforeEach
    void setUp(Database database) {
        server = new TestChatServer(database, ChatConfig.defaults());
        streamId = server.newStream();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void viewerCountsFromAnalyticsReachClientsAtMostOnceASecond() throws Exception {
        TestClient a = server.connect(streamId, "guest:a", "A", "viewer");
        TestClient b = server.connect(streamId, "guest:b", "B", "viewer");
        a.next("chat.history");
        b.next("chat.history");
        Thread.sleep(1100);
        a.drain("viewers.update");
        server.publish(ChatAddresses.viewers(streamId), new JsonObject().put("current", 12).put("peak", 30));
        JsonObject update = a.next("viewers.update");
        assertThat(update).isEqualTo(new JsonObject().put("type", "viewers.update").put("current", 12)
                .put("peak", 30).put("sockets", 2));
        for (int i = 0; i < 10; i++) {
            server.publish(ChatAddresses.viewers(streamId), new JsonObject().put("current", 13 + i).put("peak", 30));
            Thread.sleep(50);
        }
        Thread.sleep(1100);
        assertThat(a.drain("viewers.update")).hasSizeBetween(1, 2).last()
                .satisfies(u -> assertThat(u.getInteger("current")).isEqualTo(22));
        assertThat(server.connect(streamId, "guest:c", "C", "viewer").next("welcome").getJsonObject("viewers"))
                .isEqualTo(new JsonObject().put("current", 22).put("peak", 30).put("sockets", 3));
    }

    @Test
    void viewerCountsOfAnotherBroadcastAreIgnoredWhileOneIsLive() throws Exception {
        String live = java.util.UUID.randomUUID().toString();
        server.states.put(streamId, new StreamState("live", live));
        TestClient a = server.connect(streamId, "guest:a", "A", "viewer");
        a.next("chat.history");
        Thread.sleep(1100);
        a.drain("viewers.update");
        // The live broadcast's figures, then an ended broadcast's (its viewers still leaving).
        server.publish(ChatAddresses.viewers(streamId), new JsonObject().put("current", 5).put("peak", 6)
                .put("broadcastId", live));
        server.publish(ChatAddresses.viewers(streamId), new JsonObject().put("current", 40).put("peak", 90)
                .put("broadcastId", java.util.UUID.randomUUID().toString()));
        JsonObject update = a.next("viewers.update");
        assertThat(update.getLong("current")).isEqualTo(5);
        assertThat(update.getLong("peak")).isEqualTo(6);
        Thread.sleep(1100);
        assertThat(a.drain("viewers.update")).isEmpty();
    }

    @Test
    void streamStatusChangesReachClientsAndNewcomers() {
        server.states.put(streamId, new StreamState("live", null));
        TestClient a = server.connect(streamId, "guest:a", "A", "viewer");
        assertThat(a.next("welcome").getJsonObject("stream").getString("status")).isEqualTo("live");
        server.publish(ChatAddresses.streamStatus(streamId),
                new JsonObject().put("type", "stream.status").put("status", "reconnecting").putNull("broadcastId"));
        assertThat(a.next("stream.status")).isEqualTo(new JsonObject().put("type", "stream.status")
                .put("status", "reconnecting"));
        server.publish(ChatAddresses.streamStatus(streamId),
                new JsonObject().put("type", "stream.status").put("status", "ended"));
        assertThat(a.next("stream.status").getString("status")).isEqualTo("ended");
        assertThat(server.connect(streamId, "guest:b", "B", "viewer").next("welcome").getJsonObject("stream")
                .getString("status")).isEqualTo("ended");
    }

    @Test
    void unknownStreamsAndTooManyConnectionsAreRefusedBeforeTheUpgrade(Database database) {
        assertThat(server.refusedStatus("NoSuchStream", "guest:a", "A", "viewer")).isEqualTo(404);
        assertThat(server.refusedStatus("bad-id", "guest:a", "A", "viewer")).isEqualTo(404);
        try (TestChatServer strict = new TestChatServer(database, ChatConfig.defaults().withMaxConnectionsPerAddress(3))) {
            String stream = strict.newStream();
            TestClient first = strict.connect(stream, "guest:1", "1", "viewer");
            strict.connect(stream, "guest:2", "2", "viewer").next("chat.history");
            strict.connect(strict.newStream(), "guest:3", "3", "viewer").next("chat.history");
            assertThat(strict.refusedStatus(stream, "guest:4", "4", "viewer")).isEqualTo(429);
            first.next("chat.history");
            first.close();
            first.awaitClose();
            long deadline = System.currentTimeMillis() + 5_000;
            while (strict.chat.sockets() > 2 && System.currentTimeMillis() < deadline) {
                Thread.onSpinWait();
            }
            strict.connect(stream, "guest:4", "4", "viewer").next("chat.history");
        }
    }
}
