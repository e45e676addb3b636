// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;
import dev.livepipe.ingest.rtmp.amf0.Amf0Constant;
import dev.livepipe.ingest.rtmp.amf0.Amf0Object;
import dev.livepipe.ingest.rtmp.amf0.Amf0Writer;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    private static RawMessage raw(int type, Buffer payload) {
        return new RawMessage(2, type, 0, 0, payload);
    }

    private static RtmpMessage decode(RawMessage raw) {
        return MessageDecoder.decode(raw).orElseThrow();
    }

    @Test
    void controlMessagesRoundTrip() {
        List<RtmpMessage> all = List.of(new SetChunkSize(4096), new Abort(6), new Acknowledgement(123456),
                new WindowAckSize(2_500_000), new SetPeerBandwidth(2_500_000, SetPeerBandwidth.DYNAMIC),
                UserControl.streamBegin(1), new UserControl(UserControl.SET_BUFFER_LENGTH, 1, 3000),
                new UserControl(UserControl.PING_REQUEST, 777, 0));
        for (RtmpMessage m : all) {
            RawMessage r = m.toRaw();
            assertThat(r.chunkStreamId()).isEqualTo(MessageType.CONTROL_CHUNK_STREAM);
            assertThat(r.messageStreamId()).isZero();
            assertThat(decode(r)).isEqualTo(m);
        }
    }

    @Test
    void setChunkSizeRangeAndTopBit() {
        assertThat(SetChunkSize.decode(raw(1, Buffer.buffer().appendInt(0xFFFFFF))).size()).isEqualTo(0xFFFFFF);
        assertThat(SetChunkSize.decode(raw(1, Buffer.buffer().appendInt(1))).size()).isEqualTo(1);
        assertThatThrownBy(() -> SetChunkSize.decode(raw(1, Buffer.buffer().appendInt(0))))
                .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("invalid chunk size 0");
        assertThatThrownBy(() -> SetChunkSize.decode(raw(1, Buffer.buffer().appendInt(0x1000000))))
                .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("16777216");
        assertThatThrownBy(() -> SetChunkSize.decode(raw(1, Buffer.buffer().appendInt(0x80000080))))
                .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("bit 31");
        assertThatThrownBy(() -> SetChunkSize.decode(raw(1, Buffer.buffer().appendShort((short) 1))))
                .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("need 4");
    }

    @Test
    void commandWithObjectAndArguments() {
        Buffer p = Amf0Writer.encode("publish", 5.0, null, "key?x=1", "live");
        CommandAmf0 c = (CommandAmf0) decode(new RawMessage(8, 20, 0, 1, p));
        assertThat(c.name()).isEqualTo("publish");
        assertThat(c.transactionId()).isEqualTo(5.0);
        assertThat(c.commandObject()).isEqualTo(Amf0Constant.NULL);
        assertThat(c.stringArgument(0)).contains("key?x=1");
        assertThat(c.stringArgument(1)).contains("live");
        assertThat(c.stringArgument(2)).isEmpty();
        assertThat(c.messageStreamId()).isEqualTo(1);
        assertThat(decode(c.toRaw())).isEqualTo(c);
    }

    @Test
    void amf3CommandWithTheAmf0FormatByte() {
        Buffer p = Buffer.buffer().appendByte((byte) 0)
                .appendBuffer(Amf0Writer.encode("connect", 1.0, Amf0Object.of("app", "live")));
        CommandAmf0 c = (CommandAmf0) decode(raw(MessageType.COMMAND_AMF3, p));
        assertThat(c.properties().orElseThrow().string("app")).contains("live");
    }

    @Test
    void commandWithoutNameOrTransactionIsAnError() {
        assertThatThrownBy(() -> decode(raw(20, Amf0Writer.encode(1.0, "x"))))
                .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("name and transaction");
        assertThatThrownBy(() -> decode(raw(20, Amf0Writer.encode("connect"))))
                .isInstanceOf(RtmpProtocolException.class);
    }

    @Test
    void dataMessageUnwrapsSetDataFrame() {
        DataAmf0 d = (DataAmf0) decode(raw(18, Amf0Writer.encode("@setDataFrame", "onMetaData",
                Amf0Object.of("width", 1280.0))));
        assertThat(d.handler()).contains("onMetaData");
        assertThat(d.unwrapped()).hasSize(2);
        DataAmf0 plain = (DataAmf0) decode(raw(18, Amf0Writer.encode("onMetaData", Amf0Object.of())));
        assertThat(plain.handler()).contains("onMetaData");
    }

    @Test
    void userControlNeedsItsEventData() {
        assertThatThrownBy(() -> decode(raw(4, Buffer.buffer().appendShort((short) 0))))
                .isInstanceOf(RtmpProtocolException.class);
        assertThatThrownBy(() -> decode(raw(4, Buffer.buffer().appendShort((short) 3).appendInt(1))))
                .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("SetBufferLength");
        UserControl unknown = (UserControl) decode(raw(4, Buffer.buffer().appendShort((short) 31)));
        assertThat(unknown.eventType()).isEqualTo(31);
    }

    @Test
    void unknownAndUnusedTypesAreIgnored() {
        for (int type : new int[] {0, 7, 16, 19, 22, 23, 99, 255}) {
            assertThat(MessageDecoder.decode(raw(type, Buffer.buffer("x")))).as("type %d", type).isEmpty();
        }
    }

    @Test
    void audioAndVideoKeepTheirPayload() {
        Buffer body = Buffer.buffer(new byte[] {0x17, 1, 0, 0, 0});
        VideoMessage v = (VideoMessage) decode(new RawMessage(6, 9, 40, 1, body));
        assertThat(v.timestamp()).isEqualTo(40);
        assertThat(v.payload()).isEqualTo(body);
        AudioMessage a = (AudioMessage) decode(new RawMessage(4, 8, 41, 1, body));
        assertThat(a.timestamp()).isEqualTo(41);
    }
}
