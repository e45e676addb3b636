// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.mux;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

import dev.livepipe.media.Track;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.javacpp.BytePointer;

/**
 * Describes a {@link Track} to FFmpeg's mp4 muxer: codec id and tag, the out-of-band
 * configuration as {@code extradata} (avcC, hvcC, AudioSpecificConfig), picture size, sample
 * rate and channel layout, and the time base the caller's timestamps use.
 *
 * <p>Which codecs fMP4 carries here: H.264, HEVC (as {@code hvc1}, which Apple requires) and AAC.
 * Opus, AV1 and VP8 tracks are left out (see {@link #supports}); the WHIP edge turns Opus
 * into AAC.
 */
public final class StreamSetup {

    private StreamSetup() {
    }

    /** Whether the muxer can carry this track. */
    public static boolean supports(Track track) {
        return whyNot(track) == null;
    }

    /** Why the muxer cannot carry this track, or null if it can. */
    public static String whyNot(Track track) {
        return switch (track.codec()) {
            case H264, HEVC -> track.config().bytes().length == 0 ? "no decoder configuration record"
                    : track.width() <= 0 || track.height() <= 0 ? "picture size unknown" : null;
            case AAC -> track.config().bytes().length < 2 ? "no AudioSpecificConfig"
                    : track.sampleRate() <= 0 ? "sample rate unknown" : null;
            case OPUS, AV1, VP8 -> track.codec() + " is not carried in fMP4 here";
        };
    }

    /**
     * The time base (as {@code {num, den}}) in which the muxer expects this track's timestamps:
     * the track's timescale for video, the sample rate for audio (see {@link TrackClock}).
     */
    public static int[] inputTimeBase(Track track) {
        return switch (track.codec().mediaType()) {
            case VIDEO -> new int[] {1, track.timescale()};
            case AUDIO -> new int[] {1, track.sampleRate()};
        };
    }

    /** Fills {@code par} (freshly allocated by {@code avformat_new_stream}) for {@code track}. */
    static void apply(AVCodecParameters par, Track track) {
        switch (track.codec()) {
            case H264 -> video(par, track, AV_CODEC_ID_H264, 0);
            case HEVC -> video(par, track, AV_CODEC_ID_HEVC, tag('h', 'v', 'c', '1'));
            case AAC -> audio(par, track, AV_CODEC_ID_AAC, track.sampleRate(), track.config().bytes());
            case OPUS, AV1, VP8 -> throw new IllegalArgumentException("not muxed to fMP4 here: " + track.codec());
        }
    }

    private static void video(AVCodecParameters par, Track track, int codecId, int codecTag) {
        par.codec_type(AVMEDIA_TYPE_VIDEO);
        par.codec_id(codecId);
        par.codec_tag(codecTag);
        par.width(track.width());
        par.height(track.height());
        extradata(par, track.config().bytes());
    }

    private static void audio(AVCodecParameters par, Track track, int codecId, int sampleRate, byte[] config) {
        par.codec_type(AVMEDIA_TYPE_AUDIO);
        par.codec_id(codecId);
        par.sample_rate(sampleRate);
        av_channel_layout_default(par.ch_layout(), Math.max(1, track.channels()));
        if (codecId == AV_CODEC_ID_AAC) {
            par.frame_size(1024);
        }
        extradata(par, config);
    }

    /** Copies {@code bytes} into av_malloc'ed, zero-padded memory that {@code par} then owns. */
    private static void extradata(AVCodecParameters par, byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        BytePointer p = new BytePointer(av_mallocz(bytes.length + AV_INPUT_BUFFER_PADDING_SIZE));
        if (p.isNull()) {
            throw new OutOfMemoryError("extradata");
        }
        p.put(bytes, 0, bytes.length);
        par.extradata(p);
        par.extradata_size(bytes.length);
    }

    private static int tag(char a, char b, char c, char d) {
        return a | (b << 8) | (c << 16) | (d << 24);
    }
}
