// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The server handshake against a client built the way FFmpeg's {@code rtmp_handshake} builds and
 * checks it (libavformat/rtmpproto.c), with the keys written out here independently.
 */
class ServerHandshakeTest {

    private static final byte[] TAIL = HexFormat.of().parseHex(
            "f0eec24a8068bee82e00d0d1029e7e576eec5d2d29806fab93b8e636cfeb31ae");
    private static final byte[] PLAYER_KEY = concat("Genuine Adobe Flash Player 001");
    private static final byte[] FMS_KEY = concat("Genuine Adobe Flash Media Server 001");

    @Test
    void plainHandshakeEchoesC1AndHandsOverTheBytesAfterC2() {
        ServerHandshake hs = new ServerHandshake(new Random(1), 1234);
        byte[] c1 = new byte[1536];
        new Random(7).nextBytes(c1);
        Arrays.fill(c1, 4, 8, (byte) 0); // a plain client: zero version field, no digest
        ServerHandshake.Step first = hs.feed(Buffer.buffer().appendByte((byte) 3).appendBytes(c1));

        Buffer reply = first.reply();
        assertThat(first.complete()).isFalse();
        assertThat(reply.length()).isEqualTo(1 + 1536 + 1536);
        assertThat(reply.getByte(0)).isEqualTo((byte) 3);
        assertThat(reply.getInt(1)).isEqualTo(1234); // S1 time
        assertThat(reply.getInt(5)).isZero(); // S1 zero field
        assertThat(reply.getBytes(1 + 1536, reply.length())).isEqualTo(c1); // S2 echoes C1
        assertThat(hs.isDigest()).isFalse();

        byte[] c2 = reply.getBytes(1, 1537);
        ServerHandshake.Step done = hs.feed(Buffer.buffer().appendBytes(c2).appendString("chunks"));
        assertThat(done.complete()).isTrue();
        assertThat(done.reply()).isNull();
        assertThat(done.remainder().toString()).isEqualTo("chunks");
    }

    @Test
    void digestHandshakeSchemeZeroAsFfmpegSendsIt() throws Exception {
        checkDigestHandshake(0);
    }

    @Test
    void digestHandshakeSchemeOne() throws Exception {
        checkDigestHandshake(1);
    }

    private void checkDigestHandshake(int scheme) throws Exception {
        byte[] c1 = ffmpegC1(scheme, new Random(scheme + 11));
        ServerHandshake hs = new ServerHandshake(new Random(3), 99);
        Buffer in = Buffer.buffer().appendByte((byte) 3).appendBytes(c1);
        // byte by byte: the reply appears exactly when C1 is complete
        ServerHandshake.Step step = null;
        for (int i = 0; i < in.length(); i++) {
            step = hs.feed(in.getBuffer(i, i + 1));
            assertThat(step.reply() == null).isEqualTo(i < in.length() - 1);
        }
        assertThat(hs.isDigest()).isTrue();
        Buffer reply = step.reply();
        byte[] s1 = reply.getBytes(1, 1537);
        byte[] s2 = reply.getBytes(1537, 3073);

        // What FFmpeg checks when it plays: S1 version >= 3, a server digest in either scheme ...
        assertThat(s1[4] & 0xFF).isGreaterThanOrEqualTo(3);
        int serverPos = validDigestPosition(s1, 772);
        if (serverPos < 0) {
            serverPos = validDigestPosition(s1, 8);
        }
        assertThat(serverPos).as("S1 carries a valid FMS digest").isPositive();
        // ... and S2 signed with HMAC(HMAC(full FMS key, client digest), S2[0..1504)).
        int clientPos = position(c1, scheme == 0 ? 8 : 772);
        byte[] key = hmac(FMS_KEY, FMS_KEY.length, Arrays.copyOfRange(c1, clientPos, clientPos + 32));
        byte[] signature = hmac(key, 32, Arrays.copyOf(s2, 1504));
        assertThat(Arrays.copyOfRange(s2, 1504, 1536)).isEqualTo(signature);

        ServerHandshake.Step done = hs.feed(Buffer.buffer(new byte[1536]));
        assertThat(done.complete()).isTrue();
        assertThat(done.remainder().length()).isZero();
    }

    @Test
    void c1WithABrokenDigestFallsBackToThePlainEcho() throws Exception {
        byte[] c1 = ffmpegC1(0, new Random(5));
        c1[100] ^= 1; // any change outside the digest invalidates it (unless it is the digest)
        c1[1000] ^= 1;
        ServerHandshake hs = new ServerHandshake(new Random(3), 0);
        Buffer reply = hs.feed(Buffer.buffer().appendByte((byte) 3).appendBytes(c1)).reply();
        assertThat(hs.isDigest()).isFalse();
        assertThat(reply.getBytes(1537, 3073)).isEqualTo(c1);
    }

    @Test
    void otherVersionsAreRefusedAtOnce() {
        ServerHandshake hs = new ServerHandshake(new Random(), 0);
        assertThatThrownBy(() -> hs.feed(Buffer.buffer().appendByte((byte) 6)))
                .isInstanceOf(RtmpProtocolException.class)
                .hasMessageContaining("version 6");
        ServerHandshake http = new ServerHandshake(new Random(), 0);
        assertThatThrownBy(() -> http.feed(Buffer.buffer("GET / HTTP/1.1\r\n")))
                .isInstanceOf(RtmpProtocolException.class);
    }

    @Test
    void truncatedInputIsNotComplete() {
        ServerHandshake hs = new ServerHandshake(new Random(), 0);
        ServerHandshake.Step step = hs.feed(Buffer.buffer().appendByte((byte) 3).appendBytes(new byte[700]));
        assertThat(step.reply()).isNull();
        assertThat(step.complete()).isFalse();
        assertThat(hs.isComplete()).isFalse();
    }

    /** C1 as FFmpeg writes it: zero uptime, version 9.0.124.2, random, digest at {@code scheme}. */
    static byte[] ffmpegC1(int scheme, Random random) throws Exception {
        byte[] c1 = new byte[1536];
        random.nextBytes(c1);
        c1[0] = c1[1] = c1[2] = c1[3] = 0;
        c1[4] = 9;
        c1[5] = 0;
        c1[6] = 124;
        c1[7] = 2;
        int pos = position(c1, scheme == 0 ? 8 : 772);
        byte[] digest = digestWithout(c1, pos, PLAYER_KEY, 30);
        System.arraycopy(digest, 0, c1, pos, 32);
        return c1;
    }

    private static int validDigestPosition(byte[] s1, int offsetAt) throws Exception {
        int pos = position(s1, offsetAt);
        byte[] expected = digestWithout(s1, pos, FMS_KEY, 36);
        return Arrays.equals(expected, Arrays.copyOfRange(s1, pos, pos + 32)) ? pos : -1;
    }

    private static int position(byte[] b, int offsetAt) {
        int sum = (b[offsetAt] & 0xFF) + (b[offsetAt + 1] & 0xFF) + (b[offsetAt + 2] & 0xFF)
                + (b[offsetAt + 3] & 0xFF);
        return sum % 728 + offsetAt + 4;
    }

    private static byte[] digestWithout(byte[] packet, int gap, byte[] key, int keyLength)
            throws Exception {
        byte[] rest = new byte[packet.length - 32];
        System.arraycopy(packet, 0, rest, 0, gap);
        System.arraycopy(packet, gap + 32, rest, gap, packet.length - gap - 32);
        return hmac(key, keyLength, rest);
    }

    private static byte[] hmac(byte[] key, int keyLength, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Arrays.copyOf(key, keyLength), "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(String text) {
        byte[] head = text.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(head, head.length + TAIL.length);
        System.arraycopy(TAIL, 0, out, head.length, TAIL.length);
        return out;
    }
}
