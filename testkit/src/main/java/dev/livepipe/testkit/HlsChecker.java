// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.testkit;

import static org.bytedeco.ffmpeg.global.avcodec.AV_EF_EXPLODE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.presets.avutil.AVERROR_EAGAIN;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Checks HLS output the way a player would, for tests at every level:
 * <ul>
 *   <li>{@link #play} opens a URL (an HLS playlist over http://, or any file FFmpeg reads) with
 *       FFmpeg's own demuxers, decodes every video and audio frame and reports what it saw:
 *       frames, decoder errors (decoders run with {@code AV_EF_EXPLODE}, so damage is an error
 *       rather than concealed), resolution, sample rate, channels, media duration;</li>
 *   <li>{@link #get} fetches a URL and returns status, headers and body;</li>
 *   <li>{@link #parseMediaPlaylist} / {@link #parseMultivariant} parse playlists into values for
 *       assertions, and {@link MediaPlaylistInfo#violations()} lists broken RFC 8216 rules.</li>
 * </ul>
 *
 * <p>Loading this class lowers FFmpeg's process-wide log level from INFO to WARNING (the HLS
 * demuxer logs every segment it opens).
 *
 * <p>Threading: every method blocks (network, FFmpeg); call from test threads, never from an
 * event loop. Methods are thread-safe; each {@code play} owns its native resources and frees
 * them before returning.
 */
public final class HlsChecker {

    private static final int AV_FRAME_FLAG_CORRUPT = 1;
    private static final int AV_FRAME_FLAG_KEY = 1 << 1;
    private static final int MAX_ERRORS_KEPT = 20;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<Long, Long> DEADLINES = new ConcurrentHashMap<>();
    private static final AVIOInterruptCB.Callback_Pointer INTERRUPT = new Interrupt().retainReference();

    static {
        // FFmpeg's HLS demuxer logs every segment it opens at INFO; tests want warnings and errors only.
        if (av_log_get_level() == AV_LOG_INFO) {
            av_log_set_level(AV_LOG_WARNING);
        }
    }

    private HlsChecker() {
    }

    // ------------------------------------------------------------------ playing

    /**
     * How to play.
     *
     * @param timeout          give up (and report {@code timedOut}) after this long; a live
     *                         playlist without EXT-X-ENDLIST is read until then
     * @param maxVideoFrames   stop after this many decoded video frames (0: no limit)
     * @param fromFirstSegment for live playlists, start at the first listed segment instead of
     *                         FFmpeg's default three from the end
     * @param strict           decode with {@code AV_EF_EXPLODE} so damaged data counts as an error
     */
    public record Options(Duration timeout, long maxVideoFrames, boolean fromFirstSegment, boolean strict) {

        /** 30 s, no frame limit, from the first segment, strict. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(30), 0, true, true);
        }

        /** The same options with another timeout. */
        public Options withTimeout(Duration t) {
            return new Options(t, maxVideoFrames, fromFirstSegment, strict);
        }

        /** The same options with a video frame limit (0: none). */
        public Options withMaxVideoFrames(long n) {
            return new Options(timeout, n, fromFirstSegment, strict);
        }

        /** The same options starting live playlists at the first (true) or FFmpeg's default segment. */
        public Options withFromFirstSegment(boolean b) {
            return new Options(timeout, maxVideoFrames, b, strict);
        }
    }

    /**
     * What a play-through saw.
     *
     * @param videoFrames    decoded video frames
     * @param audioFrames    decoded audio frames
     * @param videoKeyframes decoded video frames flagged as keyframes
     * @param firstVideoKeyframe whether the first decoded video frame was a keyframe
     * @param decodeErrors   packets or frames the decoders rejected or flagged as corrupt
     * @param errors         the first few error texts (decoder and demuxer)
     * @param width          video width (0: no video)
     * @param height         video height
     * @param videoCodec     FFmpeg's name of the video codec ("" if none)
     * @param sampleRate     audio sample rate (0: no audio)
     * @param channels       audio channels
     * @param audioCodec     FFmpeg's name of the audio codec ("" if none)
     * @param videoSeconds   sum of decoded video frame durations
     * @param audioSeconds   decoded audio samples divided by the sample rate
     * @param reachedEnd     the input ended (EOF; for HLS: EXT-X-ENDLIST and every segment read)
     * @param timedOut       stopped by {@link Options#timeout()}
     * @param openError      why the input could not be opened ("" if it could)
     * @param elapsedMillis  wall time the play-through took
     */
    public record Report(long videoFrames, long audioFrames, long videoKeyframes, boolean firstVideoKeyframe,
                         int decodeErrors, List<String> errors, int width, int height, String videoCodec,
                         int sampleRate, int channels, String audioCodec, double videoSeconds, double audioSeconds,
                         boolean reachedEnd, boolean timedOut, String openError, long elapsedMillis) {

        /** Opened, and no decoder error. */
        public boolean clean() {
            return openError.isEmpty() && decodeErrors == 0;
        }
    }

    /** {@link #play(String, Options)} with {@link Options#defaults()}. */
    public static Report play(String url) {
        return play(url, Options.defaults());
    }

    /** Plays a local file (e.g. an init segment concatenated with media segments). */
    public static Report play(Path file) {
        return play(file.toAbsolutePath().toString(), Options.defaults());
    }

    /** Opens {@code url} with FFmpeg, decodes everything (see {@link Options}) and reports. */
    public static Report play(String url, Options options) {
        return new Player(options).run(url);
    }

    /** One play-through; owns its native resources. */
    private static final class Player {
        private final Options options;
        private final List<String> errors = new ArrayList<>();
        private int decodeErrors;
        private long videoFrames;
        private long audioFrames;
        private long keyframes;
        private Boolean firstKey;
        private double videoSeconds;
        private long audioSamples;
        private int width;
        private int height;
        private int sampleRate;
        private int channels;

        Player(Options options) {
            this.options = options;
        }

        Report run(String url) {
            long start = System.nanoTime();
            LongPointer key = new LongPointer(1);
            DEADLINES.put(key.address(), start + options.timeout().toNanos());
            AVFormatContext fmt = avformat_alloc_context();
            AVPacket pkt = av_packet_alloc();
            AVFrame frame = av_frame_alloc();
            AVCodecContext video = null;
            AVCodecContext audio = null;
            boolean opened = false;
            boolean openAttempted = false;
            boolean reachedEnd = false;
            boolean timedOut = false;
            String openError = "";
            String videoCodec = "";
            String audioCodec = "";
            double[] videoTb = {0};
            try {
                fmt.interrupt_callback().callback(INTERRUPT).opaque(key);
                AVDictionary opts = new AVDictionary(null);
                av_dict_set(opts, "rw_timeout", String.valueOf(options.timeout().toNanos() / 1000), 0);
                if (options.fromFirstSegment()) {
                    av_dict_set(opts, "live_start_index", "0", 0);
                }
                openAttempted = true; // from here on FFmpeg frees the context if opening fails
                int ret = avformat_open_input(fmt, url, null, opts);
                av_dict_free(opts);
                if (ret < 0) {
                    openError = "avformat_open_input: " + text(ret);
                    return report(0, 0, "", "", false, expired(key), openError, start);
                }
                opened = true;
                ret = avformat_find_stream_info(fmt, (AVDictionary) null);
                if (ret < 0) {
                    openError = "avformat_find_stream_info: " + text(ret);
                    return report(0, 0, "", "", false, expired(key), openError, start);
                }
                int videoIndex = -1;
                int audioIndex = -1;
                for (int i = 0; i < fmt.nb_streams(); i++) {
                    int type = fmt.streams(i).codecpar().codec_type();
                    if (type == AVMEDIA_TYPE_VIDEO && videoIndex < 0) {
                        videoIndex = i;
                    } else if (type == AVMEDIA_TYPE_AUDIO && audioIndex < 0) {
                        audioIndex = i;
                    }
                }
                if (videoIndex >= 0) {
                    AVStream st = fmt.streams(videoIndex);
                    video = openDecoder(st);
                    videoCodec = avcodec_get_name(st.codecpar().codec_id()).getString();
                    videoTb[0] = av_q2d(st.time_base());
                }
                if (audioIndex >= 0) {
                    AVStream st = fmt.streams(audioIndex);
                    audio = openDecoder(st);
                    audioCodec = avcodec_get_name(st.codecpar().codec_id()).getString();
                }
                while (true) {
                    if (options.maxVideoFrames() > 0 && videoFrames >= options.maxVideoFrames()) {
                        break;
                    }
                    ret = av_read_frame(fmt, pkt);
                    if (ret == AVERROR_EOF) {
                        reachedEnd = true;
                        break;
                    }
                    if (ret == AVERROR_EXIT || expired(key)) {
                        timedOut = true;
                        break;
                    }
                    if (ret < 0) {
                        error("av_read_frame: " + text(ret));
                        break;
                    }
                    try {
                        if (pkt.stream_index() == videoIndex && video != null) {
                            decode(video, pkt, frame, true, videoTb[0]);
                        } else if (pkt.stream_index() == audioIndex && audio != null) {
                            decode(audio, pkt, frame, false, 0);
                        }
                    } finally {
                        av_packet_unref(pkt);
                    }
                }
                if (video != null) {
                    decode(video, null, frame, true, videoTb[0]);
                }
                if (audio != null) {
                    decode(audio, null, frame, false, 0);
                }
                return report(videoFrames, audioFrames, videoCodec, audioCodec, reachedEnd, timedOut, "", start);
            } finally {
                if (video != null) {
                    avcodec_free_context(video); // takes AVCodecContext**: never pass null
                }
                if (audio != null) {
                    avcodec_free_context(audio);
                }
                av_frame_free(frame);
                av_packet_free(pkt);
                if (opened) {
                    avformat_close_input(fmt);
                } else if (!openAttempted) {
                    org.bytedeco.ffmpeg.global.avformat.avformat_free_context(fmt);
                }
                DEADLINES.remove(key.address());
                key.close();
            }
        }

        private AVCodecContext openDecoder(AVStream st) {
            AVCodec codec = avcodec_find_decoder(st.codecpar().codec_id());
            if (codec == null || codec.isNull()) {
                error("no decoder for codec id " + st.codecpar().codec_id());
                return null;
            }
            AVCodecContext c = avcodec_alloc_context3(codec);
            avcodec_parameters_to_context(c, st.codecpar());
            c.pkt_timebase(st.time_base());
            c.thread_count(1); // frame threading delays output; one thread keeps frame counts exact mid-stream
            if (options.strict()) {
                c.err_recognition(c.err_recognition() | AV_EF_EXPLODE);
            }
            int ret = avcodec_open2(c, codec, (AVDictionary) null);
            if (ret < 0) {
                error("avcodec_open2: " + text(ret));
                avcodec_free_context(c);
                return null;
            }
            return c;
        }

        private void decode(AVCodecContext c, AVPacket pkt, AVFrame frame, boolean isVideo, double timeBase) {
            int ret = avcodec_send_packet(c, pkt);
            if (ret < 0 && ret != AVERROR_EOF && ret != AVERROR_EAGAIN()) {
                decodeErrors++;
                error((isVideo ? "video" : "audio") + " send_packet: " + text(ret));
                return;
            }
            while (true) {
                ret = avcodec_receive_frame(c, frame);
                if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                    return;
                }
                if (ret < 0) {
                    decodeErrors++;
                    error((isVideo ? "video" : "audio") + " receive_frame: " + text(ret));
                    return;
                }
                if ((frame.flags() & AV_FRAME_FLAG_CORRUPT) != 0 || frame.decode_error_flags() != 0) {
                    decodeErrors++;
                    error((isVideo ? "video" : "audio") + " frame flagged corrupt");
                }
                if (isVideo) {
                    boolean key = (frame.flags() & AV_FRAME_FLAG_KEY) != 0;
                    if (firstKey == null) {
                        firstKey = key;
                    }
                    keyframes += key ? 1 : 0;
                    videoFrames++;
                    width = frame.width();
                    height = frame.height();
                    videoSeconds += frame.duration() > 0 ? frame.duration() * timeBase : 0;
                } else {
                    audioFrames++;
                    audioSamples += frame.nb_samples();
                    sampleRate = frame.sample_rate();
                    channels = frame.ch_layout().nb_channels();
                }
            }
        }

        private void error(String message) {
            if (errors.size() < MAX_ERRORS_KEPT) {
                errors.add(message);
            }
        }

        private Report report(long v, long a, String vc, String ac, boolean end, boolean timeout, String openError,
                              long start) {
            return new Report(v, a, keyframes, firstKey != null && firstKey, decodeErrors, List.copyOf(errors),
                    width, height, vc, sampleRate, channels, ac, videoSeconds,
                    sampleRate > 0 ? (double) audioSamples / sampleRate : 0, end, timeout, openError,
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    private static boolean expired(LongPointer key) {
        Long deadline = DEADLINES.get(key.address());
        return deadline != null && System.nanoTime() - deadline > 0;
    }

    /** FFmpeg's interrupt callback: aborts blocking I/O once the play-through's deadline passed. */
    private static final class Interrupt extends AVIOInterruptCB.Callback_Pointer {
        @Override
        public int call(Pointer opaque) {
            Long deadline = opaque == null ? null : DEADLINES.get(opaque.address());
            return deadline != null && System.nanoTime() - deadline > 0 ? 1 : 0;
        }
    }

    private static String text(int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8) + " (" + code + ")";
    }

    // ------------------------------------------------------------------ HTTP

    /**
     * One HTTP exchange.
     *
     * @param status  the status code
     * @param headers response headers (names lower case)
     * @param body    the body bytes
     */
    public record HttpResult(int status, Map<String, List<String>> headers, byte[] body) {

        /** The first value of a header (case-insensitive), if present. */
        public Optional<String> header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
        }

        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** GET {@code url}. */
    public static HttpResult get(String url) {
        return request("GET", url, Map.of());
    }

    /** Sends {@code method} to {@code url} with {@code headers}, without a body; 10 s timeout. */
    public static HttpResult request(String method, String url, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        try {
            HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> h = new LinkedHashMap<>();
            r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
            return new HttpResult(r.statusCode(), h, r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // ------------------------------------------------------------------ playlists

    /**
     * One segment of a media playlist with the tags that apply to it.
     *
     * @param uri                   its URI as written
     * @param duration              EXTINF seconds
     * @param discontinuity         preceded by EXT-X-DISCONTINUITY
     * @param map                   the EXT-X-MAP URI in force (null if none)
     * @param programDateTime       its EXT-X-PROGRAM-DATE-TIME (null if none)
     * @param sequence              its media sequence number
     * @param discontinuitySequence its discontinuity sequence number (RFC 8216 §4.3.3.3)
     */
    public record PlaylistSegment(String uri, double duration, boolean discontinuity, String map,
                                  OffsetDateTime programDateTime, long sequence, long discontinuitySequence) {
    }

    /**
     * A parsed media playlist.
     *
     * @param text                  the playlist as received
     * @param version               EXT-X-VERSION (1 if absent)
     * @param targetDuration        EXT-X-TARGETDURATION (-1 if absent)
     * @param mediaSequence         EXT-X-MEDIA-SEQUENCE (0 if absent)
     * @param discontinuitySequence EXT-X-DISCONTINUITY-SEQUENCE (0 if absent)
     * @param independentSegments   EXT-X-INDEPENDENT-SEGMENTS present
     * @param endList               EXT-X-ENDLIST present
     * @param tags                  the name of every tag line in order (e.g. "EXT-X-MAP")
     * @param segments              the segments in order
     */
    public record MediaPlaylistInfo(String text, int version, int targetDuration, long mediaSequence,
                                    long discontinuitySequence, boolean independentSegments, boolean endList,
                                    List<String> tags, List<PlaylistSegment> segments) {

        /** EXTINF values in order. */
        public List<Double> durations() {
            return segments.stream().map(PlaylistSegment::duration).toList();
        }

        /** Positions (in {@link #segments()}) of segments preceded by EXT-X-DISCONTINUITY. */
        public List<Integer> discontinuityIndices() {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < segments.size(); i++) {
                if (segments.get(i).discontinuity()) {
                    out.add(i);
                }
            }
            return out;
        }

        /** How often a tag appears. */
        public long count(String tag) {
            return tags.stream().filter(tag::equals).count();
        }

        /**
         * The RFC 8216 rules this playlist breaks (empty if none): EXTM3U first, a target
         * duration covering every rounded EXTINF (§4.3.3.1), EXT-X-MAP before the first segment
         * when maps are used (§4.3.2.5), version 6+ with EXT-X-MAP (§7), and program date times
         * that advance by the EXTINF of the previous segment within 100 ms unless a discontinuity
         * intervenes (§4.3.2.6).
         */
        public List<String> violations() {
            List<String> out = new ArrayList<>();
            if (!text.startsWith("#EXTM3U")) {
                out.add("does not start with #EXTM3U");
            }
            if (targetDuration < 0) {
                out.add("no EXT-X-TARGETDURATION");
            }
            boolean maps = tags.contains("EXT-X-MAP");
            if (maps && version < 6) {
                out.add("EXT-X-MAP needs EXT-X-VERSION 6 or higher, have " + version);
            }
            for (int i = 0; i < segments.size(); i++) {
                PlaylistSegment s = segments.get(i);
                if (Math.round(s.duration()) > targetDuration) {
                    out.add("segment " + s.sequence() + " EXTINF " + s.duration() + " exceeds target " + targetDuration);
                }
                if (maps && s.map() == null) {
                    out.add("segment " + s.sequence() + " has no EXT-X-MAP before it");
                }
                if (i > 0 && !s.discontinuity()) {
                    PlaylistSegment p = segments.get(i - 1);
                    if (p.programDateTime() != null && s.programDateTime() != null) {
                        double gap = Duration.between(p.programDateTime(), s.programDateTime()).toMillis() / 1000.0;
                        if (Math.abs(gap - p.duration()) > 0.1) {
                            out.add("PDT of segment " + s.sequence() + " is " + gap + " s after the previous one, EXTINF says "
                                    + p.duration());
                        }
                    }
                }
            }
            return out;
        }
    }

    /** GETs and parses a media playlist; fails on a non-200 status. */
    public static MediaPlaylistInfo fetchMediaPlaylist(String url) {
        HttpResult r = get(url);
        if (r.status() != 200) {
            throw new IllegalStateException("GET " + url + " -> " + r.status());
        }
        return parseMediaPlaylist(r.text());
    }

    /** Parses a media playlist (RFC 8216 §4.3.2, §4.3.3); unknown tags are kept by name only. */
    public static MediaPlaylistInfo parseMediaPlaylist(String text) {
        int version = 1;
        int target = -1;
        long mediaSeq = 0;
        long discSeq = 0;
        boolean independent = false;
        boolean end = false;
        List<String> tags = new ArrayList<>();
        List<PlaylistSegment> segments = new ArrayList<>();
        double pendingDuration = -1;
        boolean pendingDisc = false;
        OffsetDateTime pendingPdt = null;
        String map = null;
        long discontinuities = 0;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#EXT")) {
                int colon = line.indexOf(':');
                String name = line.substring(1, colon < 0 ? line.length() : colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                tags.add(name);
                switch (name) {
                    case "EXT-X-VERSION" -> version = Integer.parseInt(value);
                    case "EXT-X-TARGETDURATION" -> target = Integer.parseInt(value);
                    case "EXT-X-MEDIA-SEQUENCE" -> mediaSeq = Long.parseLong(value);
                    case "EXT-X-DISCONTINUITY-SEQUENCE" -> discSeq = Long.parseLong(value);
                    case "EXT-X-INDEPENDENT-SEGMENTS" -> independent = true;
                    case "EXT-X-ENDLIST" -> end = true;
                    case "EXTINF" -> pendingDuration = Double.parseDouble(value.substring(0, value.indexOf(',')));
                    case "EXT-X-DISCONTINUITY" -> pendingDisc = true;
                    case "EXT-X-PROGRAM-DATE-TIME" -> pendingPdt = OffsetDateTime.parse(value);
                    case "EXT-X-MAP" -> map = attributes(value).get("URI");
                    default -> { }
                }
            } else if (!line.startsWith("#")) {
                if (pendingDisc) {
                    discontinuities++;
                }
                segments.add(new PlaylistSegment(line, pendingDuration, pendingDisc, map, pendingPdt,
                        mediaSeq + segments.size(), discSeq + discontinuities));
                pendingDuration = -1;
                pendingDisc = false;
                pendingPdt = null;
            }
        }
        return new MediaPlaylistInfo(text, version, target, mediaSeq, discSeq, independent, end, tags, segments);
    }

    /**
     * One EXT-X-STREAM-INF entry of a multivariant playlist.
     *
     * @param uri        the variant URI as written
     * @param attributes the tag's attributes, quotes removed (BANDWIDTH, CODECS, RESOLUTION…)
     */
    public record VariantEntry(String uri, Map<String, String> attributes) {
    }

    /** Parses the EXT-X-STREAM-INF entries of a multivariant playlist (RFC 8216 §4.3.4.2). */
    public static List<VariantEntry> parseMultivariant(String text) {
        List<VariantEntry> out = new ArrayList<>();
        Map<String, String> pending = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#EXT-X-STREAM-INF:")) {
                pending = attributes(line.substring("#EXT-X-STREAM-INF:".length()));
            } else if (!line.isEmpty() && !line.startsWith("#") && pending != null) {
                out.add(new VariantEntry(line, pending));
                pending = null;
            }
        }
        return out;
    }

    /** Parses an attribute list (RFC 8216 §4.2): {@code KEY=value,KEY="quoted, value"}. */
    public static Map<String, String> attributes(String list) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < list.length()) {
            int eq = list.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = list.substring(i, eq).strip();
            int j = eq + 1;
            String value;
            if (j < list.length() && list.charAt(j) == '"') {
                int close = list.indexOf('"', j + 1);
                value = list.substring(j + 1, close < 0 ? list.length() : close);
                j = close < 0 ? list.length() : close + 1;
            } else {
                int comma = list.indexOf(',', j);
                value = list.substring(j, comma < 0 ? list.length() : comma);
                j = comma < 0 ? list.length() : comma;
            }
            out.put(key, value);
            i = j < list.length() && list.charAt(j) == ',' ? j + 1 : j;
        }
        return out;
    }

    /** Resolves a URI from a playlist against the playlist's URL. */
    public static String resolve(String playlistUrl, String uri) {
        return URI.create(playlistUrl).resolve(uri).toString();
    }
}
