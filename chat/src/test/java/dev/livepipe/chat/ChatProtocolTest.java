// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.storage.chat.ChatMessageRepository;
import dev.livepipe.storage.chat.StoredChatMessage;
import dev.livepipe.storage.db.Database;
import dev.livepipe.storage.db.SharedDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedDatabase.class)
class ChatProtocolTest {

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
    void plainAndCompressedSocketsReceiveTheSameMessages() {
        // FrameWriter writes fanned-out frames into the channel itself; on a socket that
        // negotiated permessage-deflate (this test server accepts it) they must still pass the
        // compressor. Livepipe's server declines compression (ChatIdentityTest).
        TestClient plain = server.connect(streamId, "guest:p", "Plain", "viewer");
        TestClient compressed = server.connectCompressed(streamId, "guest:c", "Compressed", "viewer");
        assertThat(plain.extensions()).isNull();
        assertThat(compressed.extensions()).contains("permessage-deflate");
        plain.next("chat.history");
        compressed.next("chat.history");
        String longText = "ü".repeat(200); // > 125 bytes: the 4-byte frame header form
        assertThat(plain.say("short").getString("text")).isEqualTo("short"); // say() waits for its echo
        assertThat(plain.say(longText).getString("text")).isEqualTo(longText);
        assertThat(compressed.next("chat.message").getString("text")).isEqualTo("short");
        assertThat(compressed.next("chat.message").getString("text")).isEqualTo(longText);
    }

    @Test
    void welcomeThenHistoryOfTheLast50() {
        TestClient writer = server.connect(streamId, "user:w", "Writer", "broadcaster");
        writer.next("welcome");
        assertThat(writer.next("chat.history").getJsonArray("messages")).isEmpty();
        // The broadcaster is exempt from slow mode but not from the rate limit: 5 per 10 s.
        for (int i = 0; i < 5; i++) {
            writer.say("hello " + i);
        }

        TestClient viewer = server.connect(streamId, "guest:v1", "Quiet Otter 4821", "viewer");
        assertThat(viewer.subProtocol()).isEqualTo("livepipe.chat.v1");
        JsonObject welcome = viewer.next("welcome");
        assertThat(viewer.all().getFirst()).isSameAs(welcome);
        assertThat(welcome.getInteger("protocol")).isEqualTo(1);
        assertThat(welcome.getJsonObject("user")).isEqualTo(new JsonObject()
                .put("id", "guest:v1").put("name", "Quiet Otter 4821").put("role", "viewer"));
        assertThat(welcome.getJsonObject("limits")).isEqualTo(new JsonObject().put("maxTextLength", 500)
                .put("maxFrameBytes", 4096).put("messagesPerInterval", 5).put("intervalSeconds", 10)
                .put("slowModeSeconds", 0).put("reactionsPerSecond", 20));
        assertThat(welcome.getJsonObject("viewers").getLong("current")).isZero();
        assertThat(welcome.getJsonObject("viewers").getLong("sockets")).isEqualTo(2);
        assertThat(welcome.getJsonObject("stream").getString("status")).isEqualTo("offline");
        assertThat(welcome.getValue("pinned")).isNull();
        assertThat(welcome.getJsonArray("reactions")).containsExactly(
                "heart", "like", "fire", "clap", "laugh", "wow", "sad", "angry");

        JsonObject history = viewer.next("chat.history");
        assertThat(viewer.all().get(1)).isSameAs(history);
        assertThat(history.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("text")))
                .containsExactly("hello 0", "hello 1", "hello 2", "hello 3", "hello 4");
        JsonObject first = history.getJsonArray("messages").getJsonObject(0);
        assertThat(first.getJsonObject("user")).isEqualTo(new JsonObject()
                .put("id", "user:w").put("name", "Writer").put("role", "broadcaster"));
        assertThat(first.getString("time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(history.getBoolean("truncated")).isFalse();
    }

    @Test
    void historyHoldsAtMost50(Database database) {
        var repository = new ChatMessageRepository(database.dsl());
        for (int i = 0; i < 60; i++) {
            repository.insert(new dev.livepipe.storage.chat.NewChatMessage(streamId, null, "user:x", "X", "viewer",
                    "m" + i, java.time.Instant.now()));
        }
        JsonObject history = server.connect(streamId, "guest:a", "A", "viewer").next("chat.history");
        JsonArray messages = history.getJsonArray("messages");
        assertThat(messages).hasSize(50);
        assertThat(messages.getJsonObject(0).getString("text")).isEqualTo("m10");
        assertThat(messages.getJsonObject(49).getString("text")).isEqualTo("m59");
        assertThat(history.getBoolean("truncated")).isTrue();
    }

    @Test
    void aChatMessageReachesEveryClientAndIsStored(Database database) {
        UUID broadcastId = server.goLive(streamId);
        List<TestClient> clients = List.of(
                server.connect(streamId, "guest:1", "One", "viewer"),
                server.connect(streamId, "guest:2", "Two", "viewer"),
                server.connect(streamId, "guest:3", "Three", "viewer"),
                server.connect(streamId, "user:m", "Mod", "moderator"));
        clients.forEach(c -> c.next("chat.history"));

        clients.getFirst().send(new JsonObject().put("type", "chat.send").put("text", "  <b>hi</b> all  "));
        long id = -1;
        for (TestClient c : clients) {
            JsonObject message = c.next("chat.message");
            assertThat(message.getString("text")).isEqualTo("<b>hi</b> all");
            assertThat(message.getJsonObject("user").getString("id")).isEqualTo("guest:1");
            id = message.getLong("id");
        }
        StoredChatMessage stored = new ChatMessageRepository(database.dsl()).get(streamId, id).orElseThrow();
        assertThat(stored.text()).isEqualTo("<b>hi</b> all");
        assertThat(stored.broadcastId()).isEqualTo(broadcastId);
        assertThat(stored.userName()).isEqualTo("One");
        assertThat(stored.userRole()).isEqualTo("viewer");

        long second = clients.get(1).say("again").getLong("id");
        assertThat(second).isGreaterThan(id);
        assertThat(server.chat.sockets(streamId)).isEqualTo(4);
        assertThat(server.chat.sockets()).isEqualTo(4);
        // Fan-out bypasses the per-frame flush (also behind vertx-web's Router).
        assertThat(server.chat.describe().getJsonArray("rooms").getJsonObject(0).getBoolean("batchedWrites")).isTrue();
    }

    @Test
    void aBurstOfMessagesReachesEveryClientExactlyOnceBatchedOrNot() {
        server.goLive(streamId);
        List<TestClient> senders = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            TestClient c = server.connect(streamId, "guest:s" + i, "S" + i, "viewer");
            c.next("chat.history");
            senders.add(c);
        }
        TestClient watcher = server.connect(streamId, "guest:w", "W", "viewer");
        watcher.next("chat.history");
        java.util.Set<String> sent = new java.util.HashSet<>();
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < senders.size(); i++) {
                String text = "burst " + i + "." + round;
                sent.add(text);
                senders.get(i).send(new JsonObject().put("type", "chat.send").put("text", text));
            }
        }
        java.util.Set<String> received = new java.util.HashSet<>();
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (int n = 0; n < sent.size(); n++) {
            JsonObject m = watcher.next("chat.message");
            assertThat(received.add(m.getString("text"))).as("no duplicates").isTrue();
            assertThat(ids.add(m.getLong("id"))).isTrue();
        }
        assertThat(received).isEqualTo(sent);
    }

    @Test
    void fanOutReachesSocketsOnSeveralEventLoops(Database database) {
        try (TestChatServer spread = new TestChatServer(database, ChatConfig.defaults(), 4096, 3)) {
            String stream = spread.newStream();
            List<TestClient> clients = new java.util.ArrayList<>();
            for (int i = 0; i < 9; i++) {
                TestClient c = spread.connect(stream, "guest:" + i, "G" + i, i == 0 ? "moderator" : "viewer");
                c.next("chat.history");
                clients.add(c);
            }
            assertThat(spread.chat.describe().getJsonArray("rooms").getJsonObject(0).getInteger("eventLoops"))
                    .isGreaterThan(1);
            List<Long> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                clients.getFirst().send(new JsonObject().put("type", "chat.send").put("text", "to all " + i));
            }
            for (TestClient c : clients) {
                List<Long> seen = new java.util.ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    JsonObject m = c.next("chat.message");
                    assertThat(m.getString("text")).isEqualTo("to all " + i);
                    seen.add(m.getLong("id"));
                }
                if (ids.isEmpty()) {
                    ids.addAll(seen);
                }
                assertThat(seen).isEqualTo(ids).isSorted();
            }
        }
    }

    @Test
    void aReconnectWithSinceGetsExactlyWhatItMissed() {
        TestClient mod = server.connect(streamId, "user:m", "Mod", "moderator");
        mod.next("chat.history");
        long m1 = mod.say("one").getLong("id");
        long m2 = mod.say("two").getLong("id");
        TestClient viewer = server.connect(streamId, "guest:v", "V", "viewer");
        viewer.next("chat.history");
        viewer.close();
        long m3 = mod.say("three").getLong("id");
        long m4 = mod.say("four").getLong("id");
        long m5 = mod.say("five").getLong("id");
        mod.send(new JsonObject().put("type", "chat.delete").put("id", m1));
        mod.next("chat.deleted");
        mod.send(new JsonObject().put("type", "chat.delete").put("id", m4));
        mod.next("chat.deleted");

        TestClient back = server.connect(streamId, "guest:v", "V", "viewer", m2);
        JsonObject history = back.next("chat.history");
        assertThat(history.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getLong("id")))
                .containsExactly(m3, m5);
        assertThat(history.getJsonArray("deleted").stream().map(n -> ((Number) n).longValue())).containsExactly(m1);
        assertThat(history.getBoolean("truncated")).isFalse();

        TestClient other = server.connect(streamId, "user:m2", "Mod 2", "moderator");
        other.next("chat.history");
        long m6 = other.say("six").getLong("id");
        assertThat(back.next("chat.message").getLong("id")).isEqualTo(m6);
        back.ping();
        assertThat(back.drain("chat.message")).isEmpty();
    }

    @Test
    void badRequestsAreAnsweredWithErrorsAndTheConnectionStaysOpen() {
        TestClient c = server.connect(streamId, "guest:e", "E", "viewer");
        c.next("chat.history");

        c.send(new JsonObject().put("type", "chat.send").put("text", "x".repeat(501)).put("ref", "r1"));
        assertThat(c.next("error")).isEqualTo(new JsonObject().put("type", "error").put("code", "text_too_long")
                .put("message", "text is longer than 500 characters").put("ref", "r1"));
        c.send(new JsonObject().put("type", "chat.send").put("text", "bell\u0007"  + "!"));
        assertThat(c.next("error").getString("code")).isEqualTo("control_characters");
        c.send(new JsonObject().put("type", "chat.send").put("text", "two\nlines"));
        assertThat(c.next("error").getString("code")).isEqualTo("control_characters");
        c.sendText("{not json");
        assertThat(c.next("error").getString("code")).isEqualTo("invalid_json");
        c.sendText("[1, 2]");
        assertThat(c.next("error").getString("code")).isEqualTo("invalid_json");
        c.send(new JsonObject().put("type", "chat.explode").put("ref", "r2"));
        JsonObject unknown = c.next("error");
        assertThat(unknown.getString("code")).isEqualTo("unknown_type");
        assertThat(unknown.getString("ref")).isEqualTo("r2");
        c.send(new JsonObject().put("type", "chat.send").put("text", 42));
        assertThat(c.next("error").getString("code")).isEqualTo("invalid_message");
        c.send(new JsonObject().put("type", "chat.send").put("text", "   "));
        assertThat(c.next("error").getString("code")).isEqualTo("invalid_message");
        c.send(new JsonObject().put("type", "reaction.send").put("reaction", "poop"));
        assertThat(c.next("error").getString("code")).isEqualTo("invalid_message");

        c.ping();
        // 500 characters (code points, here with a surrogate pair each) is fine.
        assertThat(c.say("\uD83D\uDE00".repeat(500)).getString("text")).hasSize(1000);
        assertThat(c.isClosed()).isFalse();
    }

    @Test
    void anAbusiveClientIsClosed() {
        TestClient c = server.connect(streamId, "guest:a", "A", "viewer");
        c.next("chat.history");
        for (int i = 0; i < 51; i++) {
            c.sendText("nope");
        }
        assertThat(c.awaitClose()).isEqualTo((short) 1008);
        assertThat(c.drain("error")).hasSize(51).last()
                .satisfies(e -> assertThat(e.getString("code")).isEqualTo("abusive"));
    }

    @Test
    void pingsAreLimitedAndAPingFloodIsAbusive() {
        TestClient c = server.connect(streamId, "guest:p", "P", "viewer");
        c.next("chat.history");
        long started = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            c.sendAndForget(new JsonObject().put("type", "ping").put("ref", "p" + i));
        }
        assertThat(c.awaitClose()).isEqualTo((short) 1008);
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertThat(c.drain("pong")).hasSizeBetween(5, (int) (5 * (seconds + 1)));
        List<JsonObject> errors = c.drain("error");
        assertThat(errors.getFirst().getString("code")).isEqualTo("rate_limited");
        assertThat(errors.getFirst().getString("ref")).startsWith("p");
        assertThat(errors.getLast().getString("code")).isEqualTo("abusive");
        assertThat(errors).hasSize(51);
    }

    @Test
    void aFrameAboveTheLimitClosesTheSocket(Database database) {
        // The server's own frame limit is higher here so that the handler's check is reached.
        try (TestChatServer lenient = new TestChatServer(database, ChatConfig.defaults(), 65536)) {
            String stream = lenient.newStream();
            TestClient c = lenient.connect(stream, "guest:big", "Big", "viewer");
            c.next("chat.history");
            c.sendText(new JsonObject().put("type", "chat.send").put("text", "é".repeat(2100)).encode());
            assertThat(c.next("error").getString("code")).isEqualTo("abusive");
            assertThat(c.awaitClose()).isEqualTo((short) 1008);
        }
    }

    @Test
    void stoppingClosesSocketsWith1001() {
        TestClient c = server.connect(streamId, "guest:s", "S", "viewer");
        c.next("chat.history");
        TestChatServer.await(server.chat.stop());
        assertThat(c.awaitClose()).isEqualTo((short) 1001);
    }
}
