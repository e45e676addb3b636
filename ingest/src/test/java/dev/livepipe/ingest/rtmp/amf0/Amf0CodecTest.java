// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.amf0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class Amf0CodecTest {

    private static List<Object> roundTrip(Object... values) {
        Buffer b = Amf0Writer.encode(values);
        return Amf0Reader.readAll(b, 0, b.length());
    }

    private static Buffer hex(String h) {
        return Buffer.buffer(HexFormat.of().parseHex(h.replace(" ", "")));
    }

    @Test
    void scalarsRoundTrip() {
        assertThat(roundTrip(1.5, -0.0, Double.MAX_VALUE, true, false, "", "héllo",
                Amf0Constant.NULL, Amf0Constant.UNDEFINED, new Amf0Date(1.7e12, (short) 0)))
                .containsExactly(1.5, -0.0, Double.MAX_VALUE, true, false, "", "héllo",
                        Amf0Constant.NULL, Amf0Constant.UNDEFINED, new Amf0Date(1.7e12, (short) 0));
    }

    @Test
    void goldenBytesOfEachMarker() {
        assertThat(Amf0Writer.encode(1.0)).isEqualTo(hex("00 3ff0000000000000"));
        assertThat(Amf0Writer.encode(true)).isEqualTo(hex("01 01"));
        assertThat(Amf0Writer.encode("ab")).isEqualTo(hex("02 0002 6162"));
        assertThat(Amf0Writer.encode(Amf0Object.of("a", 1.0)))
                .isEqualTo(hex("03 0001 61 00 3ff0000000000000 0000 09"));
        assertThat(Amf0Writer.encode((Object) null)).isEqualTo(hex("05"));
        assertThat(Amf0Writer.encode(Amf0Constant.UNDEFINED)).isEqualTo(hex("06"));
        assertThat(Amf0Writer.encode(Amf0EcmaArray.of("w", 2.0)))
                .isEqualTo(hex("08 00000001 0001 77 00 4000000000000000 0000 09"));
        assertThat(Amf0Writer.encode(List.of(true))).isEqualTo(hex("0a 00000001 01 01"));
        assertThat(Amf0Writer.encode(new Amf0Date(0, (short) 0))).isEqualTo(hex("0b 0000000000000000 0000"));
    }

    @Test
    void longStringsAboveSixtyFourKilobytes() {
        String big = "x".repeat(70_000);
        Buffer b = Amf0Writer.encode(big);
        assertThat(b.getByte(0)).isEqualTo((byte) Amf0Marker.LONG_STRING);
        assertThat(b.getUnsignedInt(1)).isEqualTo(70_000);
        assertThat(roundTrip(big)).containsExactly(big);
        assertThat(Amf0Reader.readAll(hex("0c 00000002 6869"), 0, 7)).containsExactly("hi");
    }

    @Test
    void nestedObjectsArraysAndOrderRoundTrip() {
        Amf0Object connect = Amf0Object.of("app", "live", "type", "nonprivate",
                "flashVer", "FMLE/3.0", "tcUrl", "rtmp://h/live",
                "fourCcList", List.of("av01", "vp09", "hvc1"),
                "nested", Amf0Object.of("deep", Amf0EcmaArray.of("k", List.of(1.0, Amf0Constant.NULL))));
        List<Object> back = roundTrip("connect", 1.0, connect);
        assertThat(back).containsExactly("connect", 1.0, connect);
        assertThat(((Amf0Object) back.get(2)).properties().keySet())
                .containsExactly("app", "type", "flashVer", "tcUrl", "fourCcList", "nested");
    }

    @Test
    void ffmpegOnMetaDataDecodes() {
        // "@setDataFrame", "onMetaData", ECMA array {width: 640, stereo: true}, as FFmpeg writes it
        Buffer b = hex("02 000d 40736574446174614672616d65 02 000a 6f6e4d65746144617461"
                + " 08 00000002 0005 7769647468 00 4084000000000000 0006 73746572656f 01 01 0000 09");
        List<Object> v = Amf0Reader.readAll(b, 0, b.length());
        assertThat(v).hasSize(3);
        Amf0EcmaArray md = (Amf0EcmaArray) v.get(2);
        assertThat(md.number("width")).contains(640.0);
        assertThat(md.bool("stereo")).contains(true);
    }

    @Test
    void ecmaArrayCountIsOnlyAHintAndTheEndMarkerMayBeMissingAtTheEnd() {
        Buffer b = hex("08 00000063 0001 61 01 01"); // says 99 entries, has 1, no end marker
        assertThat(Amf0Reader.readAll(b, 0, b.length())).containsExactly(Amf0EcmaArray.of("a", true));
    }

    @Test
    void bogusMarkersAreProtocolErrors() {
        for (String bad : new String[] {"07 0001", "0d", "0e", "0f 00000000", "10 0000", "11 01", "ff", "12"}) {
            Buffer b = hex(bad);
            assertThatThrownBy(() -> Amf0Reader.readAll(b, 0, b.length()))
                    .as(bad).isInstanceOf(Amf0Exception.class).hasMessageContaining("unsupported marker");
        }
        Buffer end = hex("09");
        assertThatThrownBy(() -> Amf0Reader.readAll(end, 0, 1))
                .isInstanceOf(Amf0Exception.class).hasMessageContaining("object end outside");
    }

    @Test
    void lengthsPastTheEndAreProtocolErrors() {
        String[] bad = {
            "00 3ff0", // truncated number
            "01", // boolean without its byte
            "02 0005 6162", // string longer than what remains
            "02 00", // truncated length
            "0c ffffffff 61", // long string of 4 GiB
            "0a 7fffffff 01 01", // strict array count far beyond the bytes
            "03 0001 61", // object key without value
            "03 0005 61", // key longer than what remains
            "03 0001 61 01 01", // object without end marker
            "0b 0000000000000000", // date without time zone
            "08 000000", // truncated ECMA count
        };
        for (String h : bad) {
            Buffer b = hex(h);
            assertThatThrownBy(() -> Amf0Reader.readAll(b, 0, b.length()))
                    .as(h).isInstanceOf(Amf0Exception.class);
        }
    }

    @Test
    void nestingIsLimited() {
        Buffer ok = Buffer.buffer();
        Buffer tooDeep = Buffer.buffer();
        for (int i = 0; i < Amf0Reader.MAX_DEPTH; i++) {
            ok.appendBytes(HexFormat.of().parseHex("0a00000001"));
        }
        ok.appendByte((byte) 5);
        assertThat(Amf0Reader.readAll(ok, 0, ok.length())).hasSize(1);
        for (int i = 0; i < Amf0Reader.MAX_DEPTH + 1; i++) {
            tooDeep.appendBytes(HexFormat.of().parseHex("030001610a00000001"));
        }
        assertThatThrownBy(() -> Amf0Reader.readAll(tooDeep, 0, tooDeep.length()))
                .isInstanceOf(Amf0Exception.class).hasMessageContaining("nesting");
    }

    @Test
    void errorsReportTheOffset() {
        Buffer b = hex("02 0001 61 07");
        assertThatThrownBy(() -> Amf0Reader.readAll(b, 0, b.length()))
                .hasMessage("AMF0: unsupported marker reference at offset 4");
    }
}
