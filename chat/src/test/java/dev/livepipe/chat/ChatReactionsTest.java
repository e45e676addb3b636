// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.storage.chat.ChatMessageRepository;
import dev.livepipe.storage.chat.ReactionTally;
import dev.livepipe.storage.chat.ReactionTallyRepository;
import dev.livepipe.storage.db.Database;
import dev.livepipe.storage.db.SharedDatabase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedDatabase.class)
class ChatReactionsTest {

    private static final String[] KINDS = {"heart", "like", "fire", "clap", "laugh", "wow", "sad", "angry"};

    private TestChatServer server;
    private Database database;
    private String streamId;
    private UUID broadcastId;

    @BeforeEach
    void setUp(Database database) {
        this.database = database;
        server = new TestChatServer(database, ChatConfig.defaults().withReactionFlushInterval(Duration.ofMillis(300)));
        streamId = server.newStream();
        broadcastId = server.goLive(streamId);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void aStormArrivesAsAtMostFourBurstsPerSecondThatSumToIt() throws Exception {
        TestClient watcher = server.connect(streamId, "guest:watch", "Watcher", "viewer");
        watcher.next("chat.history");
        List<TestClient> reactors = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TestClient c = server.connect(streamId, "guest:r" + i, "R" + i, "viewer");
            c.next("chat.history");
            reactors.add(c);
        }
        // 5 clients × 3 rounds × 6 reactions = 90 reactions over about 1.5 s, each client
        // within its 20 per second.
        int sent = 0;
        long[] expected = new long[KINDS.length];
        long started = System.nanoTime();
        for (int round = 0; round < 3; round++) {
            for (TestClient c : reactors) {
                for (int k = 0; k < 6; k++) {
                    String kind = KINDS[(round + k) % KINDS.length];
                    c.send(new JsonObject().put("type", "reaction.send").put("reaction", kind));
                    expected[(round + k) % KINDS.length]++;
                    sent++;
                }
            }
            Thread.sleep(500);
        }
        Thread.sleep(800);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        List<JsonObject> bursts = watcher.drain("reaction.burst");
        long total = 0;
        long[] counted = new long[KINDS.length];
        for (JsonObject burst : bursts) {
            assertThat(burst.getInteger("window")).isEqualTo(250);
            JsonObject counts = burst.getJsonObject("counts");
            for (int k = 0; k < KINDS.length; k++) {
                long n = counts.getLong(KINDS[k], 0L);
                counted[k] += n;
                total += n;
            }
        }
        assertThat(total).isEqualTo(sent);
        assertThat(counted).containsExactly(expected);
        assertThat(bursts.size()).isLessThanOrEqualTo((int) (elapsedMillis / 250) + 1);
        // Every reactor sees the same aggregate, not its own reactions one by one.
        assertThat(reactors.getFirst().drain("reaction.burst").size()).isEqualTo(bursts.size());

        // The tallies reach PostgreSQL per broadcast, minute and type.
        var tallies = new ReactionTallyRepository(database.dsl());
        long deadline = System.currentTimeMillis() + 5_000;
        long stored = 0;
        while (System.currentTimeMillis() < deadline) {
            stored = tallies.forBroadcast(broadcastId).stream().mapToLong(ReactionTally::total).sum();
            if (stored == sent) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(stored).isEqualTo(sent);
        assertThat(tallies.forBroadcast(broadcastId)).allSatisfy(t -> {
            assertThat(t.streamId()).isEqualTo(streamId);
            assertThat(t.minuteStart().getEpochSecond() % 60).isZero();
        });
    }

    @Test
    void afterTheBroadcastEndsMessagesAndReactionsBelongToNoBroadcast() throws Exception {
        TestClient c = server.connect(streamId, "guest:end", "End", "viewer");
        c.next("chat.history");
        var messages = new ChatMessageRepository(database.dsl());
        var tallies = new ReactionTallyRepository(database.dsl());
        long during = c.say("during").getLong("id");
        for (int i = 0; i < 3; i++) {
            c.send(new JsonObject().put("type", "reaction.send").put("reaction", "clap"));
        }
        awaitClaps(c, 3);

        server.publish(ChatAddresses.streamStatus(streamId), new JsonObject().put("type", "stream.status")
                .put("status", "ended").put("broadcastId", broadcastId.toString()));
        assertThat(c.next("stream.status").getString("status")).isEqualTo("ended");
        for (int i = 0; i < 4; i++) {
            c.send(new JsonObject().put("type", "reaction.send").put("reaction", "clap"));
        }
        awaitClaps(c, 4);
        long after = c.say("after").getLong("id");
        Thread.sleep(1000); // several flush intervals
        assertThat(tallies.forBroadcast(broadcastId).stream().mapToLong(ReactionTally::total).sum()).isEqualTo(3);
        assertThat(messages.get(streamId, during).orElseThrow().broadcastId()).isEqualTo(broadcastId);
        assertThat(messages.get(streamId, after).orElseThrow().broadcastId()).isNull();

        // The next broadcast gets what follows.
        UUID next = server.goLive(streamId);
        server.publish(ChatAddresses.streamStatus(streamId), new JsonObject().put("type", "stream.status")
                .put("status", "live").put("broadcastId", next.toString()));
        assertThat(c.next("stream.status").getString("status")).isEqualTo("live");
        assertThat(messages.get(streamId, c.say("next").getLong("id")).orElseThrow().broadcastId()).isEqualTo(next);

        // A room that opens after a broadcast ended starts with no broadcast either.
        String ended = server.newStream();
        UUID last = server.goLive(ended);
        server.states.put(ended, new StreamState("ended", last.toString()));
        TestClient late = server.connect(ended, "guest:late", "Late", "viewer");
        late.next("chat.history");
        assertThat(messages.get(ended, late.say("too late").getLong("id")).orElseThrow().broadcastId()).isNull();
    }

    /** Waits for bursts that hold {@code claps} claps in all. */
    private static void awaitClaps(TestClient c, long claps) {
        long seen = 0;
        while (seen < claps) {
            seen += c.next("reaction.burst").getJsonObject("counts").getLong("clap", 0L);
        }
        assertThat(seen).isEqualTo(claps);
    }

    @Test
    void reactionsAboveTwentyPerSecondAreDroppedSilently() throws Exception {
        TestClient c = server.connect(streamId, "guest:fast", "Fast", "viewer");
        c.next("chat.history");
        for (int i = 0; i < 30; i++) {
            c.send(new JsonObject().put("type", "reaction.send").put("reaction", "fire"));
        }
        c.ping();
        Thread.sleep(700);
        long total = c.drain("reaction.burst").stream()
                .mapToLong(b -> b.getJsonObject("counts").getLong("fire", 0L)).sum();
        assertThat(total).isEqualTo(20);
        assertThat(c.drain("error")).isEmpty();
    }
}
