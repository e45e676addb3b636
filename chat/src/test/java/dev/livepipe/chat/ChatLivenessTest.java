// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.storage.db.Database;
import dev.livepipe.storage.db.SharedDatabase;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Server pings (docs/chat-protocol.md, "Limits"): a peer that stays silent, as one that vanished
 * without closing its TCP connection does, is closed with 4408 after the ping timeout; a client
 * that answers pings (Vert.x's client does, as browsers do) stays. Short intervals for the test.
 */
@ExtendWith(SharedDatabase.class)
class ChatLivenessTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofMillis(700);

    @Test
    void aSilentPeerIsPingedThenClosedWhileOneThatAnswersStays(Database database) throws Exception {
        try (TestChatServer server = new TestChatServer(database, ChatConfig.defaults().withPing(INTERVAL, TIMEOUT))) {
            String streamId = server.newStream();
            TestClient answering = server.connect(streamId, "guest:answers", "Answers", "viewer");
            answering.next("chat.history");

            long start = System.nanoTime();
            int pings = 0;
            int closeCode = -1;
            try (Socket raw = new Socket("127.0.0.1", server.port())) {
                raw.setSoTimeout(15_000);
                upgrade(raw, streamId);
                DataInputStream in = new DataInputStream(raw.getInputStream());
                // Read the server's frames, never answering: pings, then a close frame.
                for (int frames = 0; frames < 1000 && closeCode < 0; frames++) {
                    int opcode = in.readUnsignedByte() & 0x0F;
                    byte[] payload = payload(in);
                    if (opcode == 0x9) {
                        pings++;
                    } else if (opcode == 0x8) {
                        closeCode = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
                    }
                }
            }
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(closeCode).isEqualTo(ChatConnection.NO_RESPONSE);
            assertThat(pings).isGreaterThanOrEqualTo(2);
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(TIMEOUT.toMillis());
            // The answering client has been connected for longer than the timeout, and is still open.
            assertThat(answering.isClosed()).isFalse();
            answering.ping();
        }
    }

    /** Sends the upgrade request and reads the response head; fails unless it is a 101. */
    private static void upgrade(Socket raw, String streamId) throws IOException {
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String request = "GET /ws/streams/" + streamId + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: " + ChatService.SUBPROTOCOL + "\r\n"
                + TestChatServer.USER_HEADER + ": guest:silent;Silent;viewer\r\n\r\n";
        raw.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (head.size() < 8192) {
            head.write(raw.getInputStream().read());
            String text = head.toString(StandardCharsets.US_ASCII);
            if (text.endsWith("\r\n\r\n")) {
                assertThat(text).startsWith("HTTP/1.1 101");
                return;
            }
        }
        throw new AssertionError("no upgrade response");
    }

    /** The payload of an unmasked server frame whose first byte was read. */
    private static byte[] payload(DataInputStream in) throws IOException {
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        assertThat(length).isBetween(0L, 1L << 20);
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return payload;
    }
}
