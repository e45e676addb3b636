// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.livepipe.ingest.rtmp.amf0.Amf0Exception;
import dev.livepipe.ingest.rtmp.amf0.Amf0Reader;
import dev.livepipe.ingest.rtmp.amf0.Amf0Writer;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * Decodes arbitrary bytes as AMF0 values. Malformed input may only raise {@link Amf0Exception};
 * whatever decodes must encode again and decode to equal values (a round-trip property).
 *
 * <p>Seeds: {@code src/test/resources/dev/livepipe/ingest/rtmp/fuzz/Amf0FuzzTestInputs/amf0}.
 */
class Amf0FuzzTest {

    @FuzzTest(maxDuration = "20s")
    void amf0(byte[] data) {
        List<Object> values;
        try {
            values = Amf0Reader.readAll(Buffer.buffer(data), 0, data.length);
        } catch (Amf0Exception expected) {
            return;
        }
        Amf0Writer w = new Amf0Writer();
        for (Object v : values) {
            w.write(v);
        }
        Buffer again = w.toBuffer();
        List<Object> back = Amf0Reader.readAll(again, 0, again.length());
        if (!back.equals(values)) {
            throw new AssertionError("AMF0 round trip changed " + values + " into " + back);
        }
    }
}
