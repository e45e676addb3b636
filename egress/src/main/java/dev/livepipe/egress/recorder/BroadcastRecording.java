// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.BroadcastSink;
import dev.livepipe.media.PublisherSession;
import dev.livepipe.media.Track;
import dev.livepipe.mux.CodecStrings;
import dev.livepipe.mux.ContinuousMuxer;
import dev.livepipe.mux.CutSegment;
import dev.livepipe.mux.SegmentMemory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder's reader of one broadcast: muxes every session into one fragmented MP4 spool file
 * (init segment, then one {@code moof}+{@code mdat} per fragment, cut on keyframes at
 * {@link RecorderConfig#fragmentDuration()}), forces the file after each fragment, keeps the
 * {@link FragmentIndex} beside it ({@code <id>.json}, replaced atomically) and tells its
 * {@link RecordingUpload} how far the spool is durable.
 *
 * <p>Reconnects: the sessions are muxed by one {@link ContinuousMuxer}, which continues the
 * timeline where the previous session ended (and restarts at the next keyframe after a muxing
 * failure), so the file has one continuous timeline and its
 * duration is the sum of the sessions. If the new session's init segment is byte-identical to the
 * current one (same tracks and codec configuration) it is not written again and fragments simply
 * continue. If it differs (the publisher came back with other codec parameters) the new
 * {@code ftyp}+{@code moov} is appended and later fragments refer to it: the VOD playlist switches
 * with {@code EXT-X-DISCONTINUITY} and a new {@code EXT-X-MAP}, so nothing is lost there, while a
 * plain MP4 player keeps the first configuration (FFmpeg skips a second moov) and will not decode
 * the part after the change correctly. Starting a second recording or transcoding would be the
 * alternatives; both break "one playable file per broadcast" worse.
 *
 * <p>Threading: every method runs on the broadcast's serial recording executor (blocking: FFmpeg,
 * file writes and fsync), never on an event loop. Ownership: owns its muxer and spool file.
 */
final class BroadcastRecording implements BroadcastSink, ContinuousMuxer.Output {

    private static final Logger LOG = LoggerFactory.getLogger(BroadcastRecording.class);

    private final UUID id;
    private final Path spoolPath;
    private final RecordingUpload upload;
    private final Clock clock;
    private final ContinuousMuxer muxer;
    private final List<FragmentIndex.Init> inits = new ArrayList<>();
    private final List<FragmentIndex.Fragment> fragments = new ArrayList<>();
    private SpoolFile spool;
    private boolean spoolBroken;
    private byte[] currentInit;
    private long durationMicros;
    private String codecs = "";

    BroadcastRecording(UUID id, String streamId, Path spoolPath, RecorderConfig config, RecordingUpload upload,
                       Clock clock, SegmentMemory memory) {
        this.id = id;
        this.spoolPath = spoolPath;
        this.upload = upload;
        this.clock = clock;
        this.muxer = new ContinuousMuxer("[recording " + id + "] stream " + streamId + ":", config.fragmentDuration(),
                config.maxFragmentBytes(), this, memory);
    }

    @Override
    public void onSession(PublisherSession s) {
        muxer.startSession(s.tracks());
    }

    @Override
    public void onAccessUnit(AccessUnit unit) {
        muxer.accept(unit);
    }

    /** The tail is written as a short fragment, so a crash during the grace window loses nothing. */
    @Override
    public void onPublisherLost() {
        muxer.endSession();
    }

    @Override
    public void onEnd() {
        muxer.end();
        closeSpool();
        long bytes = spool == null || spoolBroken && fragments.isEmpty() ? 0 : spool.committed();
        FragmentIndex index = index(true);
        writeSidecar(index);
        upload.finish(fragments.isEmpty() ? 0 : bytes, index, RecordingOutcome.COMPLETE, clock.instant());
    }

    /** Frees the muxer and closes the spool without finishing (service stopping; recovery finishes it). */
    void shutdown() {
        muxer.close();
        closeSpool();
    }

    @Override
    public void onSessionOpened(List<Track> tracks) {
        codecs = tracks.stream().map(CodecStrings::of).collect(Collectors.joining(","));
    }

    /**
     * Appends the fragment (and a changed init segment) to the spool, forces it and reports
     * progress; the fragment's native bytes are released once written (or dropped).
     */
    @Override
    public void onSegment(CutSegment cut) {
        try {
            spool(cut);
        } finally {
            cut.bytes().release();
        }
    }

    private void spool(CutSegment cut) {
        if (spoolBroken) {
            return;
        }
        try {
            if (spool == null) {
                spool = SpoolFile.create(spoolPath);
            }
            if (cut.init() != null && !Arrays.equals(cut.init(), currentInit)) {
                if (currentInit != null) {
                    LOG.warn("[recording {}] the publisher came back with other codec parameters; a second init "
                            + "segment follows in the same file (VOD: discontinuity)", id);
                }
                long at = spool.append(cut.init());
                inits.add(new FragmentIndex.Init(at, cut.init().length));
                currentInit = cut.init();
            }
            long at = spool.append(cut.bytes().view());
            long committed = spool.commit();
            fragments.add(new FragmentIndex.Fragment(at, cut.bytes().length(), cut.durationMicros(), inits.size() - 1));
            durationMicros += cut.durationMicros();
            writeSidecar(index(false));
            upload.spooled(committed, durationMicros / 1000, codecs);
        } catch (IOException e) {
            spoolBroken = true;
            LOG.error("[recording {}] cannot write the spool {}; recording stops at {} bytes", id, spoolPath,
                    spool == null ? 0 : spool.committed(), e);
        }
    }

    private FragmentIndex index(boolean done) {
        return new FragmentIndex(inits, fragments, done);
    }

    /** Best effort: recovery rebuilds the index from the MP4 itself if this file is missing or stale. */
    private void writeSidecar(FragmentIndex index) {
        if (spool == null) {
            return;
        }
        Path target = RecordingUpload.sidecarOf(spoolPath);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.write(tmp, index.toJson().encode().getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("[recording {}] cannot write the fragment index {}: {}", id, target, e.toString());
        }
    }

    private void closeSpool() {
        if (spool != null) {
            try {
                spool.close();
            } catch (IOException e) {
                LOG.warn("[recording {}] closing the spool failed", id, e);
            }
        }
    }
}
