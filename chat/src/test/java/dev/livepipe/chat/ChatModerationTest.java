// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.storage.chat.ChatBanRepository;
import dev.livepipe.storage.chat.ChatMessageRepository;
import dev.livepipe.storage.chat.NewChatMessage;
import dev.livepipe.storage.chat.StoredChatMessage;
import dev.livepipe.storage.db.Database;
import dev.livepipe.storage.db.SharedDatabase;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedDatabase.class)
class ChatModerationTest {

    private TestChatServer server;
    private Database database;
    private String streamId;
    private TestClient mod;
    private TestClient viewer;
    private TestClient other;

    @BeforeEach
    void setUp(Database database) {
        this.database = database;
        server = new TestChatServer(database, ChatConfig.defaults());
        streamId = server.newStream();
        server.goLive(streamId);
        mod = server.connect(streamId, "user:mod", "Mod", "moderator");
        viewer = server.connect(streamId, "guest:v", "Viewer", "viewer");
        other = server.connect(streamId, "guest:o", "Other", "viewer");
        List.of(mod, viewer, other).forEach(c -> c.next("chat.history"));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private void everyone(String type, java.util.function.Consumer<JsonObject> check) {
        for (TestClient c : List.of(mod, viewer, other)) {
            check.accept(c.next(type));
        }
    }

    @Test
    void deleteReachesEveryoneAndIsSoft() {
        long id = viewer.say("oops").getLong("id");
        mod.next("chat.message");
        other.next("chat.message");
        long started = System.nanoTime();
        mod.send(new JsonObject().put("type", "chat.delete").put("id", id));
        everyone("chat.deleted", m -> {
            assertThat(m.getLong("id")).isEqualTo(id);
            assertThat(m.getJsonObject("by").getString("id")).isEqualTo("user:mod");
        });
        assertThat(System.nanoTime() - started).isLessThan(1_000_000_000L);

        StoredChatMessage row = new ChatMessageRepository(database.dsl()).get(streamId, id).orElseThrow();
        assertThat(row.deleted()).isTrue();
        assertThat(row.deletedBy()).isEqualTo("user:mod");
        assertThat(server.connect(streamId, "guest:late", "Late", "viewer").next("chat.history")
                .getJsonArray("messages")).isEmpty();

        mod.send(new JsonObject().put("type", "chat.delete").put("id", Long.MAX_VALUE).put("ref", "d"));
        JsonObject error = mod.next("error");
        assertThat(error.getString("code")).isEqualTo("not_found");
        assertThat(error.getString("ref")).isEqualTo("d");
    }

    @Test
    void pinAndUnpin() {
        long id = viewer.say("pin me").getLong("id");
        mod.send(new JsonObject().put("type", "chat.pin").put("id", id));
        everyone("chat.pinned", m -> assertThat(m.getJsonObject("message").getLong("id")).isEqualTo(id));
        assertThat(new ChatMessageRepository(database.dsl()).pinned(streamId)).get()
                .extracting(StoredChatMessage::id).isEqualTo(id);

        TestClient late = server.connect(streamId, "guest:late", "Late", "viewer");
        assertThat(late.next("welcome").getJsonObject("pinned").getString("text")).isEqualTo("pin me");

        mod.send(new JsonObject().put("type", "chat.pin").putNull("id"));
        everyone("chat.pinned", m -> assertThat(m.getValue("message")).isNull());
        assertThat(late.next("chat.pinned").getValue("message")).isNull();
        assertThat(new ChatMessageRepository(database.dsl()).pinned(streamId)).isEmpty();
    }

    @Test
    void deletingAMessagePinnedWithoutTheRoomHearingOfItUnpinsIt() {
        long id = viewer.say("pinned elsewhere").getLong("id");
        mod.next("chat.message");
        other.next("chat.message");
        // Pinned in the database only, as a pin made before this node's room opened: the room
        // never saw its chat.pinned.
        var repository = new ChatMessageRepository(database.dsl());
        assertThat(repository.pin(streamId, id, "user:mod", Instant.now())).isPresent();

        mod.send(new JsonObject().put("type", "chat.delete").put("id", id));
        everyone("chat.deleted", m -> assertThat(m.getLong("id")).isEqualTo(id));
        everyone("chat.pinned", m -> {
            assertThat(m.getValue("message")).isNull();
            assertThat(m.getJsonObject("by").getString("id")).isEqualTo("user:mod");
        });
        assertThat(repository.pinned(streamId)).isEmpty();

        // Deleting a message that is not pinned leaves the pin alone (and says nothing of it).
        long pinned = other.say("pinned").getLong("id");
        long plain = other.say("plain").getLong("id");
        mod.send(new JsonObject().put("type", "chat.pin").put("id", pinned));
        everyone("chat.pinned", m -> assertThat(m.getJsonObject("message").getLong("id")).isEqualTo(pinned));
        mod.send(new JsonObject().put("type", "chat.delete").put("id", plain));
        everyone("chat.deleted", m -> assertThat(m.getLong("id")).isEqualTo(plain));
        mod.ping();
        assertThat(mod.drain("chat.pinned")).isEmpty();
        assertThat(repository.pinned(streamId)).get().extracting(StoredChatMessage::id).isEqualTo(pinned);
    }

    @Test
    void aRoomLearnsAPinOlderThanItFromTheFirstJoin() {
        String older = server.newStream();
        var repository = new ChatMessageRepository(database.dsl());
        long id = repository.insert(new NewChatMessage(older, null, "guest:v", "Viewer", "viewer", "from before",
                Instant.now())).id();
        repository.pin(older, id, "user:mod", Instant.now());

        TestClient first = server.connect(older, "user:mod", "Mod", "moderator");
        assertThat(first.next("welcome").getJsonObject("pinned").getLong("id")).isEqualTo(id);
        first.next("chat.history");
        assertThat(room(older).getLong("pinnedId")).isEqualTo(id);

        first.send(new JsonObject().put("type", "chat.delete").put("id", id));
        assertThat(first.next("chat.deleted").getLong("id")).isEqualTo(id);
        assertThat(first.next("chat.pinned").getValue("message")).isNull();
        assertThat(room(older).getValue("pinnedId")).isNull();
    }

    private JsonObject room(String stream) {
        return server.chat.describe().getJsonArray("rooms").stream().map(JsonObject.class::cast)
                .filter(r -> stream.equals(r.getString("streamId"))).findFirst().orElseThrow();
    }

    @Test
    void aUserBannedWhileItsSocketJoinsIsClosed() {
        String fresh = server.newStream();
        ChatUser moderator = new ChatUser("user:mod", "Mod", "moderator");
        // The ban lands after the admission check and before the socket joins: stored, and
        // published while this node has no room for the stream (nobody hears it here).
        server.onRoomOpen = id -> {
            if (id.equals(fresh)) {
                new ChatBanRepository(database.dsl()).ban(fresh, "guest:late", "Late", null, "user:mod",
                        Instant.now());
                server.publish(ChatAddresses.chat(fresh), ChatMessages.banned("guest:late", "Late", moderator));
            }
        };
        TestClient late = server.connect(fresh, "guest:late", "Late", "viewer");
        assertThat(late.awaitClose()).isEqualTo((short) 4003);
        assertThat(late.all()).noneSatisfy(m -> assertThat(m.getString("type")).isEqualTo("welcome"));
        server.onRoomOpen = id -> { };
        server.connect(fresh, "guest:w", "W", "viewer").next("chat.history");
    }

    @Test
    void aUserBannedOnTheBusBeforeItsSocketAttachedIsClosed() {
        // Only the room's memory of bans is at work here: no ban row, so the admission check and
        // the join's re-check pass, as for a socket that attaches right after a ban's fan-out.
        server.publish(ChatAddresses.chat(streamId),
                ChatMessages.banned("guest:ghost", "Ghost", new ChatUser("user:mod", "Mod", "moderator")));
        everyone("user.banned", m -> assertThat(m.getString("userId")).isEqualTo("guest:ghost"));
        TestClient ghost = server.connect(streamId, "guest:ghost", "Ghost", "viewer");
        assertThat(ghost.awaitClose()).isEqualTo((short) 4003);
        assertThat(ghost.all()).noneSatisfy(m -> assertThat(m.getString("type")).isEqualTo("welcome"));
        viewer.ping();
    }

    @Test
    void aViewerCannotModerate() {
        long id = other.say("mine").getLong("id");
        for (JsonObject request : List.of(
                new JsonObject().put("type", "chat.delete").put("id", id),
                new JsonObject().put("type", "chat.pin").put("id", id),
                new JsonObject().put("type", "user.timeout").put("userId", "guest:o").put("seconds", 60),
                new JsonObject().put("type", "user.ban").put("userId", "guest:o"),
                new JsonObject().put("type", "slowmode.set").put("seconds", 10))) {
            viewer.send(request);
            assertThat(viewer.next("error").getString("code")).isEqualTo("forbidden");
        }
        viewer.ping();
        assertThat(new ChatMessageRepository(database.dsl()).get(streamId, id).orElseThrow().deleted()).isFalse();
    }

    @Test
    void aTimedOutUserCannotSendUntilTheTimeoutEnds() {
        mod.send(new JsonObject().put("type", "user.timeout").put("userId", "guest:v").put("seconds", 2));
        everyone("user.timedout", m -> {
            assertThat(m.getString("userId")).isEqualTo("guest:v");
            assertThat(m.getString("name")).isEqualTo("Viewer");
            assertThat(Instant.parse(m.getString("until"))).isAfter(Instant.now());
        });
        viewer.send(new JsonObject().put("type", "chat.send").put("text", "let me talk"));
        assertThat(viewer.next("error").getString("code")).isEqualTo("timed_out");
        other.say("I can talk");

        mod.send(new JsonObject().put("type", "user.timeout").put("userId", "guest:nobody").put("seconds", 5));
        assertThat(mod.next("error").getString("code")).isEqualTo("not_found");
    }

    @Test
    void aBanClosesTheUsersSocketsAndRefusesItWhateverItsName() {
        TestClient secondTab = server.connect(streamId, "guest:v", "Viewer", "viewer");
        secondTab.next("chat.history");
        mod.send(new JsonObject().put("type", "user.ban").put("userId", "guest:v"));
        everyone("user.banned", m -> {
            assertThat(m.getString("userId")).isEqualTo("guest:v");
            assertThat(m.getJsonObject("by").getString("id")).isEqualTo("user:mod");
        });
        assertThat(viewer.awaitClose()).isEqualTo((short) 4003);
        assertThat(secondTab.next("user.banned").getString("userId")).isEqualTo("guest:v");
        assertThat(secondTab.awaitClose()).isEqualTo((short) 4003);
        other.ping();
        mod.ping();

        assertThat(server.refusedStatus(streamId, "guest:v", "A Brand New Name", "viewer")).isEqualTo(403);
        assertThat(new ChatBanRepository(database.dsl()).get(streamId, "guest:v")).get()
                .satisfies(ban -> {
                    assertThat(ban.userName()).isEqualTo("Viewer");
                    assertThat(ban.bannedBy()).isEqualTo("user:mod");
                });
        // Someone else on the same address is not affected.
        server.connect(streamId, "guest:w", "W", "viewer").next("chat.history");
    }

    @Test
    void rateLimitRefusesTheSixthMessageIn10Seconds() {
        for (int i = 0; i < 5; i++) {
            viewer.say("m" + i);
        }
        viewer.send(new JsonObject().put("type", "chat.send").put("text", "one too many").put("ref", "six"));
        JsonObject error = viewer.next("error");
        assertThat(error.getString("code")).isEqualTo("rate_limited");
        assertThat(error.getString("ref")).isEqualTo("six");
        viewer.ping();
        assertThat(viewer.drain("chat.message")).isEmpty();
    }

    @Test
    void slowModeHoldsViewersBackButNotModerators() {
        mod.send(new JsonObject().put("type", "slowmode.set").put("seconds", 30));
        everyone("slowmode", m -> assertThat(m.getInteger("seconds")).isEqualTo(30));
        viewer.say("first");
        viewer.send(new JsonObject().put("type", "chat.send").put("text", "second"));
        assertThat(viewer.next("error").getString("code")).isEqualTo("slow_mode");
        other.say("other is separate");
        mod.say("mod one");
        mod.say("mod two");
        assertThat(server.connect(streamId, "guest:new", "New", "viewer").next("welcome")
                .getJsonObject("limits").getInteger("slowModeSeconds")).isEqualTo(30);

        mod.send(new JsonObject().put("type", "slowmode.set").put("seconds", 0));
        everyone("slowmode", m -> assertThat(m.getInteger("seconds")).isZero());
        viewer.say("free again");

        mod.send(new JsonObject().put("type", "slowmode.set").put("seconds", 3601));
        assertThat(mod.next("error").getString("code")).isEqualTo("invalid_message");
    }
}
