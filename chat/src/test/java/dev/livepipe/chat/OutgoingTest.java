// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-frame-many-messages encoding (docs/chat-protocol.md, "Frames"). */
class OutgoingTest {

    @Test
    void aBatchHoldsTheMessagesOwnTextsInOrder() {
        Outgoing a = Outgoing.of(new JsonObject().put("type", "chat.message").put("id", 7).put("text", "ä \"q\""));
        Outgoing b = Outgoing.of(new JsonObject().put("type", "reaction.burst").put("counts", new JsonObject().put("fire", 2)));
        Outgoing batch = Outgoing.batch(List.of(a, b));

        assertThat(batch.text()).isEqualTo("{\"type\":\"batch\",\"messages\":[" + a.text() + "," + b.text() + "]}");
        assertThat(new String(batch.utf8(), StandardCharsets.UTF_8)).isEqualTo(batch.text());
        JsonArray messages = new JsonObject(batch.text()).getJsonArray("messages");
        assertThat(messages.getJsonObject(0).getString("text")).isEqualTo("ä \"q\"");
        assertThat(messages.getJsonObject(1).getString("type")).isEqualTo("reaction.burst");
        assertThat(batch.droppable()).isFalse();
        assertThat(batch.chatId()).isEqualTo(-1);
    }
}
