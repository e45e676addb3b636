// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.publish;

import dev.livepipe.ingest.rtmp.codec.NalUnits;
import dev.livepipe.ingest.rtmp.flv.AudioTag;
import dev.livepipe.ingest.rtmp.flv.AudioTagParser;
import dev.livepipe.ingest.rtmp.flv.VideoTag;
import dev.livepipe.ingest.rtmp.flv.VideoTagParser;
import dev.livepipe.ingest.rtmp.message.AudioMessage;
import dev.livepipe.ingest.rtmp.message.VideoMessage;
import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.Codec;
import dev.livepipe.media.MediaType;
import dev.livepipe.media.Payload;
import dev.livepipe.media.Scheduler;
import dev.livepipe.media.Track;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates one RTMP publish (FLV audio and video tags plus {@code onMetaData}) into tracks and
 * access units for the hub. All codec knowledge of the RTMP edge lives here, in one explicit
 * switch per media type.
 *
 * <p>Tracks are declared through {@link Output#publish} once the sequence headers are known:
 * when both a video and an audio configuration arrived, when {@code onMetaData} listed the codecs
 * and the missing one is absent, or {@code trackWait} after the first media message with
 * whatever arrived. Frames that come before are held (bounded) and written right after the
 * declaration, so the first keyframe is not lost. A sequence header with different content
 * later (or a first one for a new media type) declares the tracks again: the hub treats it as a
 * reconnect with a discontinuity.
 *
 * <p>Timestamps are RTMP milliseconds (track timescale 1000), unwrapped past 2^32 and held
 * non-decreasing per track; pts = dts + composition time.
 *
 * <p>Threading: not thread-safe; called on the publisher connection's event loop, and the
 * scheduler must run its task there too. Payloads handed to {@link Output#write} are fresh
 * arrays owned by the access unit.
 */
public final class RtmpToStream {

    private static final Logger LOG = LoggerFactory.getLogger(RtmpToStream.class);
    /** RTMP timestamps are milliseconds. */
    public static final int TIMESCALE = 1000;

    /** Where the translation goes: the hub publisher. */
    public interface Output {
        /** Declares (first call) or re-declares (codec configuration changed) the tracks. */
        void publish(List<Track> tracks);

        /** One access unit of the tracks of the last {@link #publish}. */
        void write(AccessUnit unit);
    }

    /**
     * Bounds of the translation.
     *
     * @param trackWait        how long after the first media message to wait for the other track
     * @param maxPendingFrames frames held before the tracks are declared
     * @param maxPendingBytes  bytes held before the tracks are declared
     */
    public record Limits(Duration trackWait, int maxPendingFrames, long maxPendingBytes) {
        /** 1 s, 600 frames, 32 MiB. */
        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(1), 600, 32L << 20);
        }
    }

    private final Output output;
    private final Scheduler scheduler;
    private final Limits limits;
    private final String logPrefix;
    private final TrackTimeline videoTimeline = new TrackTimeline();
    private final TrackTimeline audioTimeline = new TrackTimeline();
    private final ArrayDeque<PendingFrame> pending = new ArrayDeque<>();
    private long pendingBytes;
    private StreamMetadata metadata = StreamMetadata.NONE;
    private VideoSetup video;
    private AudioSetup audio;
    private List<Track> tracks;
    private Track videoTrack;
    private Track audioTrack;
    private Scheduler.Cancellable deadline;
    private boolean deadlinePassed;
    private boolean stopped;
    private boolean warnedVideo;
    private boolean warnedAudio;
    private long videoUnits;
    private long audioUnits;
    private long dropped;
    private int declarations;

    /**
     * @param output    receives the tracks and access units
     * @param scheduler runs the track-wait deadline on the caller's thread
     * @param limits    bounds
     * @param logPrefix e.g. {@code [rtmp 127.0.0.1:5555]}
     */
    public RtmpToStream(Output output, Scheduler scheduler, Limits limits, String logPrefix) {
        this.output = output;
        this.scheduler = scheduler;
        this.limits = limits;
        this.logPrefix = logPrefix;
    }

    /** Records {@code onMetaData}; may complete the set of expected tracks. */
    public void onMetadata(StreamMetadata md) {
        metadata = md;
        maybeDeclare();
    }

    /** The last {@code onMetaData}. */
    public StreamMetadata metadata() {
        return metadata;
    }

    /** The tracks declared so far (empty before the declaration). */
    public List<Track> tracks() {
        return tracks == null ? List.of() : tracks;
    }

    /** Handles one video message that completed at {@code arrivalNanos}. */
    public void onVideo(VideoMessage m, long arrivalNanos, long wallClockMillis) {
        if (stopped) {
            return;
        }
        startDeadline();
        switch (VideoTagParser.parse(m.payload())) {
            case VideoTag.SequenceStart s -> videoConfig(s.codec(), s.config());
            case VideoTag.CodedFrame f -> videoFrame(m.timestamp(), f, arrivalNanos, wallClockMillis);
            case VideoTag.SequenceEnd e -> LOG.debug("{} video end of sequence", logPrefix);
            case VideoTag.Ignored i -> LOG.debug("{} ignored: {}", logPrefix, i.what());
            case VideoTag.Unsupported u -> {
                if (!warnedVideo) {
                    warnedVideo = true;
                    LOG.warn("{} unsupported video ({}); video is ignored", logPrefix, u.name());
                }
            }
        }
    }

    /** Handles one audio message that completed at {@code arrivalNanos}. */
    public void onAudio(AudioMessage m, long arrivalNanos, long wallClockMillis) {
        if (stopped) {
            return;
        }
        startDeadline();
        switch (AudioTagParser.parse(m.payload())) {
            case AudioTag.SequenceStart s -> audioConfig(s.config(), s.channels());
            case AudioTag.Frame f -> audioFrame(m.timestamp(), f, arrivalNanos, wallClockMillis);
            case AudioTag.SequenceEnd e -> LOG.debug("{} audio end of sequence", logPrefix);
            case AudioTag.Ignored i -> LOG.debug("{} ignored: {}", logPrefix, i.what());
            case AudioTag.Unsupported u -> {
                if (!warnedAudio) {
                    warnedAudio = true;
                    LOG.warn("{} unsupported audio ({}); audio is ignored", logPrefix, u.name());
                }
            }
        }
    }

    /** Stops: cancels the deadline and drops held frames. */
    public void stop() {
        stopped = true;
        if (deadline != null) {
            deadline.cancel();
        }
        pending.clear();
        pendingBytes = 0;
    }

    /**
     * A snapshot for {@code describe()}. May be called from any thread; the counters are read
     * without synchronization, so they may be slightly behind.
     */
    public JsonObject describe() {
        JsonArray t = new JsonArray();
        for (Track track : tracks()) {
            t.add(new JsonObject().put("id", track.id()).put("codec", track.codec().name())
                    .put("codecString", track.codecString()).put("width", track.width())
                    .put("height", track.height()).put("sampleRate", track.sampleRate())
                    .put("channels", track.channels()));
        }
        return new JsonObject().put("tracks", t).put("videoUnits", videoUnits)
                .put("audioUnits", audioUnits).put("dropped", dropped)
                .put("declarations", declarations).put("metadata", metadata.toJson());
    }

    // --- video ----------------------------------------------------------------------------

    private void videoConfig(Codec codec, byte[] bytes) {
        VideoSetup setup = VideoSetup.parse(codec, bytes, logPrefix);
        if (setup.sameAs(video)) {
            return; // a repeated sequence header
        }
        boolean change = video != null;
        video = setup;
        configChanged(change ? "video configuration changed" : null);
    }

    private void videoFrame(long timestamp, VideoTag.CodedFrame f, long arrival, long wall) {
        if (video == null || video.codec() != f.codec()) {
            dropped++;
            LOG.debug("{} video frame before its sequence header dropped", logPrefix);
            return;
        }
        // The sample stays whole (length-prefixed, as MP4 stores it): one copy out of the message,
        // no split into NAL units that the muxer would join again.
        byte[] sample = f.data().getBytes();
        NalUnits.Scan scan = NalUnits.scan(sample, video.lengthSize(), f.codec());
        if (scan.count() == 0) {
            return;
        }
        boolean key = f.keyframe() || scan.irap();
        long dts = videoTimeline.next(timestamp);
        Payload payload;
        if (scan.empty()) { // rare: zero-length NAL units are dropped, so split and re-join
            List<byte[]> nalus = NalUnits.split(f.data(), 0, f.data().length(), video.lengthSize());
            payload = f.codec() == Codec.H264 ? new Payload.H264(nalus) : new Payload.Hevc(nalus);
        } else {
            payload = f.codec() == Codec.H264 ? Payload.H264.ofLengthPrefixed(sample, video.lengthSize())
                    : Payload.Hevc.ofLengthPrefixed(sample, video.lengthSize());
        }
        emit(new PendingFrame(MediaType.VIDEO, dts + f.compositionTime(), dts, key, arrival, wall,
                payload));
    }

    // --- audio ----------------------------------------------------------------------------

    private void audioConfig(byte[] bytes, int flvChannels) {
        AudioSetup setup = AudioSetup.parse(bytes, flvChannels);
        if (setup.sameAs(audio)) {
            return;
        }
        boolean change = audio != null;
        audio = setup;
        configChanged(change ? "audio configuration changed" : null);
    }

    private void audioFrame(long timestamp, AudioTag.Frame f, long arrival, long wall) {
        if (audio == null) {
            dropped++;
            LOG.debug("{} audio frame before its sequence header dropped", logPrefix);
            return;
        }
        if (f.data().length() == 0) {
            return;
        }
        long dts = audioTimeline.next(timestamp);
        emit(new PendingFrame(MediaType.AUDIO, dts, dts, true, arrival, wall,
                new Payload.Aac(f.data().getBytes())));
    }

    // --- declaration ----------------------------------------------------------------------

    private void configChanged(String why) {
        if (tracks == null) {
            maybeDeclare();
        } else {
            LOG.info("{} {}: publishing the new tracks", logPrefix, why == null ? "new track" : why);
            declare();
        }
    }

    private void startDeadline() {
        if (deadline == null && !deadlinePassed && tracks == null) {
            deadline = scheduler.schedule(limits.trackWait(), () -> {
                deadlinePassed = true;
                if (!stopped) {
                    maybeDeclare();
                }
            });
        }
    }

    private void maybeDeclare() {
        if (stopped || tracks != null || (video == null && audio == null)) {
            return;
        }
        boolean videoSettled = video != null || (metadata.listsCodecs() && !metadata.hasVideo());
        boolean audioSettled = audio != null || (metadata.listsCodecs() && !metadata.hasAudio());
        if ((videoSettled && audioSettled) || deadlinePassed) {
            declare();
        }
    }

    private void declare() {
        if (deadline != null) {
            deadline.cancel();
        }
        List<Track> list = new ArrayList<>();
        videoTrack = null;
        audioTrack = null;
        if (video != null) {
            int w = video.size() != null ? video.size().width() : metadata.width();
            int h = video.size() != null ? video.size().height() : metadata.height();
            videoTrack = new Track(list.size(), video.codec(), TIMESCALE, video.codecConfig(), w, h,
                    0, 0, video.codecString());
            list.add(videoTrack);
        }
        if (audio != null) {
            audioTrack = new Track(list.size(), Codec.AAC, TIMESCALE, audio.codecConfig(), 0, 0,
                    audio.asc().sampleRate(), audio.channels(), audio.asc().codecString());
            list.add(audioTrack);
        }
        tracks = List.copyOf(list);
        declarations++;
        LOG.info("{} tracks: {}", logPrefix, summary(tracks));
        output.publish(tracks);
        while (!pending.isEmpty() && !stopped) {
            write(pending.removeFirst());
        }
        pendingBytes = 0;
    }

    private void emit(PendingFrame frame) {
        if (tracks != null) {
            write(frame);
            return;
        }
        pending.addLast(frame);
        pendingBytes += frame.payload().size();
        while (pending.size() > limits.maxPendingFrames() || pendingBytes > limits.maxPendingBytes()) {
            if (video != null || audio != null) {
                LOG.info("{} {} frames held without the other track; declaring now", logPrefix,
                        pending.size());
                declare();
                return;
            }
            pendingBytes -= pending.removeFirst().payload().size();
            dropped++;
        }
    }

    private void write(PendingFrame f) {
        Track track = f.type() == MediaType.VIDEO ? videoTrack : audioTrack;
        if (track == null) {
            dropped++;
            return;
        }
        if (f.type() == MediaType.VIDEO) {
            videoUnits++;
        } else {
            audioUnits++;
        }
        output.write(new AccessUnit(track, f.pts(), f.dts(), f.keyframe(), f.arrivalNanos(),
                f.wallClockMillis(), f.payload()));
    }

    private static String summary(List<Track> tracks) {
        List<String> parts = new ArrayList<>();
        for (Track t : tracks) {
            parts.add(t.mediaType() == MediaType.VIDEO
                    ? t.codec() + " " + t.width() + "x" + t.height() + " " + t.codecString()
                    : t.codec() + " " + t.sampleRate() + " Hz " + t.channels() + " ch " + t.codecString());
        }
        return String.join(", ", parts);
    }
}
