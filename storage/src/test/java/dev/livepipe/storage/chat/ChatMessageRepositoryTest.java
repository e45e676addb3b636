// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.storage.broadcasts.BroadcastRepository;
import dev.livepipe.storage.db.SharedDatabase;
import dev.livepipe.storage.streams.StreamRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedDatabase.class)
class ChatMessageRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-04-01T10:00:00.123Z");

    private ChatMessageRepository messages;
    private StreamRepository streams;
    private String streamId;
    private UUID broadcastId;

    @BeforeEach
    void setUp(DSLContext dsl) {
        messages = new ChatMessageRepository(dsl);
        streams = new StreamRepository(dsl, Clock.fixed(T0, ZoneOffset.UTC));
        streamId = streams.create("chat").stream().id();
        broadcastId = UUID.randomUUID();
        new BroadcastRepository(dsl).start(broadcastId, streamId, T0, null);
    }

    private StoredChatMessage say(String text, int second) {
        return messages.insert(new NewChatMessage(streamId, broadcastId, "user:a", "Alice", "viewer", text,
                T0.plusSeconds(second)));
    }

    @Test
    void insertAssignsIncreasingIdsAndReadsBack() {
        StoredChatMessage first = say("hello <b>", 0);
        StoredChatMessage second = say("again", 1);
        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(first).isEqualTo(new StoredChatMessage(first.id(), streamId, broadcastId, "user:a", "Alice",
                "viewer", "hello <b>", T0, null, null, null, null));
        assertThat(messages.get(streamId, first.id())).contains(first);
        assertThat(messages.get(streams.create("other").stream().id(), first.id())).isEmpty();
        assertThat(messages.latestByUser(streamId, "user:a")).contains(second);
        assertThat(messages.latestByUser(streamId, "user:nobody")).isEmpty();
    }

    @Test
    void constraintsRefuseEmptyTextUnknownRolesAndUnknownStreams() {
        assertThatThrownBy(() -> messages.insert(new NewChatMessage(streamId, null, "u", "n", "viewer", "", T0)))
                .isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> messages.insert(new NewChatMessage(streamId, null, "u", "n", "king", "x", T0)))
                .isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> messages.insert(new NewChatMessage("NoSuchStream", null, "u", "n", "viewer", "x", T0)))
                .isInstanceOf(DataAccessException.class);
    }

    @Test
    void historyIsTheNewestNotDeletedOldestFirst() {
        List<StoredChatMessage> sent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sent.add(say("m" + i, i));
        }
        messages.delete(streamId, sent.get(7).id(), "user:mod", T0.plusSeconds(20));
        ChatHistory latest = messages.history(streamId, null, 5);
        assertThat(latest.messages()).extracting(StoredChatMessage::text).containsExactly("m2", "m3", "m4", "m5", "m6");
        assertThat(latest.truncated()).isTrue();
        assertThat(latest.deleted()).isEmpty();
        assertThat(messages.history(streamId, null, 50).truncated()).isFalse();
    }

    @Test
    void historySinceReturnsWhatWasMissedAndWhatWasDeletedMeanwhile() {
        List<StoredChatMessage> sent = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sent.add(say("m" + i, i));
        }
        long since = sent.get(2).id();
        // Deleted before the client's last message: the client already knew.
        messages.delete(streamId, sent.get(0).id(), "user:mod", T0.plusSeconds(1));
        // Deleted after it: the client must learn.
        messages.delete(streamId, sent.get(1).id(), "user:mod", T0.plusSeconds(10));
        messages.delete(streamId, sent.get(4).id(), "user:mod", T0.plusSeconds(10));

        ChatHistory missed = messages.history(streamId, since, 500);
        assertThat(missed.messages()).extracting(StoredChatMessage::text).containsExactly("m3", "m5");
        assertThat(missed.truncated()).isFalse();
        assertThat(missed.deleted()).containsExactly(sent.get(1).id());

        ChatHistory cut = messages.history(streamId, since, 1);
        assertThat(cut.messages()).extracting(StoredChatMessage::text).containsExactly("m5");
        assertThat(cut.truncated()).isTrue();
        assertThat(messages.history(streamId, sent.get(5).id(), 500).messages()).isEmpty();
    }

    @Test
    void deleteIsSoftIdempotentAndUnpins() {
        StoredChatMessage m = say("bad", 0);
        messages.pin(streamId, m.id(), "user:mod", T0.plusSeconds(1));
        ChatDeletion deletion = messages.delete(streamId, m.id(), "user:mod", T0.plusSeconds(2)).orElseThrow();
        assertThat(deletion.unpinned()).isTrue();
        StoredChatMessage deleted = deletion.message();
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.deletedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(deleted.deletedBy()).isEqualTo("user:mod");
        assertThat(deleted.pinned()).isFalse();
        assertThat(messages.pinned(streamId)).isEmpty();
        assertThat(messages.delete(streamId, m.id(), "user:other", T0.plusSeconds(9)))
                .contains(new ChatDeletion(deleted, false));
        assertThat(messages.delete(streamId, Long.MAX_VALUE, "user:mod", T0)).isEmpty();
        assertThat(messages.pin(streamId, m.id(), "user:mod", T0.plusSeconds(3))).isEmpty();
    }

    @Test
    void deletingAMessageThatIsNotPinnedLeavesThePinAlone() {
        StoredChatMessage pinned = say("pinned", 0);
        StoredChatMessage other = say("other", 1);
        messages.pin(streamId, pinned.id(), "user:mod", T0.plusSeconds(2));
        assertThat(messages.delete(streamId, other.id(), "user:mod", T0.plusSeconds(3))).get()
                .satisfies(d -> assertThat(d.unpinned()).isFalse());
        assertThat(messages.pinned(streamId)).get().extracting(StoredChatMessage::id).isEqualTo(pinned.id());
    }

    @Test
    void oneMessageIsPinnedAtATime() {
        StoredChatMessage a = say("a", 0);
        StoredChatMessage b = say("b", 1);
        assertThat(messages.pin(streamId, a.id(), "user:mod", T0.plusSeconds(5))).get()
                .satisfies(p -> assertThat(p.pinnedBy()).isEqualTo("user:mod"));
        assertThat(messages.pin(streamId, b.id(), "user:mod", T0.plusSeconds(6))).isPresent();
        assertThat(messages.pinned(streamId)).get().extracting(StoredChatMessage::id).isEqualTo(b.id());
        assertThat(messages.get(streamId, a.id()).orElseThrow().pinned()).isFalse();
        assertThat(messages.pin(streamId, Long.MAX_VALUE, "user:mod", T0)).isEmpty();
        assertThat(messages.pinned(streamId)).isPresent();
        assertThat(messages.unpin(streamId)).isTrue();
        assertThat(messages.unpin(streamId)).isFalse();
        assertThat(messages.pinned(streamId)).isEmpty();
    }

    @Test
    void rowsOutliveTheStreamForReplayByBroadcast() {
        StoredChatMessage a = say("a", 0);
        say("b", 1);
        messages.delete(streamId, a.id(), "user:mod", T0.plusSeconds(2));
        assertThat(messages.forBroadcast(broadcastId, 0, 10)).extracting(StoredChatMessage::text)
                .containsExactly("a", "b");
        assertThat(messages.forBroadcast(broadcastId, a.id(), 10)).extracting(StoredChatMessage::text)
                .containsExactly("b");
        assertThat(streams.delete(streamId)).isTrue();
        assertThat(messages.history(streamId, null, 50).messages()).isEmpty();
        // The row is still there, without its stream and broadcast keys.
        assertThat(messages.forBroadcast(broadcastId, 0, 10)).isEmpty();
    }
}
