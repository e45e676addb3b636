// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.publish;

import dev.livepipe.ingest.rtmp.amf0.Amf0Properties;
import io.vertx.core.json.JsonObject;

/**
 * What a publisher said about its stream in {@code onMetaData} (FLV specification 10.1,
 * section E.5 "onMetaData"; Enhanced RTMP adds FourCC codec ids). Every field is optional on the
 * wire; absent numbers are 0 and the absent encoder is empty.
 *
 * @param encoder       the {@code encoder} string (e.g. "Lavf61.7.100", "obs-output module")
 * @param width         {@code width} in pixels
 * @param height        {@code height} in pixels
 * @param frameRate     {@code framerate} (or {@code fps})
 * @param videoKbps     {@code videodatarate}
 * @param audioKbps     {@code audiodatarate}
 * @param listsCodecs   true if it named a video or an audio codec id, so absence means "none"
 * @param hasVideo      {@code videocodecid} present (or {@code hasVideo} true)
 * @param hasAudio      {@code audiocodecid} present (or {@code hasAudio} true)
 */
public record StreamMetadata(String encoder, int width, int height, double frameRate,
                             double videoKbps, double audioKbps, boolean listsCodecs,
                             boolean hasVideo, boolean hasAudio) {

    /** No metadata received. */
    public static final StreamMetadata NONE =
            new StreamMetadata("", 0, 0, 0, 0, 0, false, false, false);

    /** Reads the properties of an {@code onMetaData} object or ECMA array. */
    public static StreamMetadata from(Amf0Properties p) {
        boolean video = p.get("videocodecid").isPresent() || p.bool("hasVideo").orElse(false);
        boolean audio = p.get("audiocodecid").isPresent() || p.bool("hasAudio").orElse(false);
        boolean lists = p.get("videocodecid").isPresent() || p.get("audiocodecid").isPresent()
                || p.bool("hasVideo").isPresent() || p.bool("hasAudio").isPresent();
        double fps = p.number("framerate").orElse(p.number("fps").orElse(0.0));
        return new StreamMetadata(
                p.string("encoder").orElse(""),
                dimension(p.number("width").orElse(0.0)),
                dimension(p.number("height").orElse(0.0)),
                sane(fps), sane(p.number("videodatarate").orElse(0.0)),
                sane(p.number("audiodatarate").orElse(0.0)), lists, video, audio);
    }

    /** For {@code describe()}. */
    public JsonObject toJson() {
        return new JsonObject().put("encoder", encoder).put("width", width).put("height", height)
                .put("frameRate", frameRate).put("videoKbps", videoKbps).put("audioKbps", audioKbps);
    }

    private static int dimension(double d) {
        return d >= 1 && d <= 16384 ? (int) d : 0;
    }

    private static double sane(double d) {
        return Double.isFinite(d) && d > 0 && d < 1e9 ? d : 0;
    }
}
