// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.BroadcastSink;
import dev.livepipe.media.PublisherSession;
import dev.livepipe.media.Track;
import dev.livepipe.mux.CodecStrings;
import dev.livepipe.mux.CutSegment;
import dev.livepipe.mux.FfmpegException;
import dev.livepipe.mux.SessionMuxer;
import dev.livepipe.mux.StreamSetup;
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
 * <p>Reconnects: the new session's muxer continues the timeline where the previous one ended
 * ({@link SessionMuxer} {@code startMicros}), so the file has one continuous timeline and its
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
final class BroadcastRecording implements BroadcastSink {

    private static final Logger LOG = LoggerFactory.getLogger(BroadcastRecording.class);

    private final UUID id;
    private final String streamId;
    private final Path spoolPath;
    private final RecorderConfig config;
    private final RecordingUpload upload;
    private final Clock clock;
    private final List<FragmentIndex.Init> inits = new ArrayList<>();
    private final List<FragmentIndex.Fragment> fragments = new ArrayList<>();
    private SessionMuxer session;
    private List<Track> sessionTracks;
    private boolean restartPending;
    private boolean ended;
    private long timelineMicros;
    private SpoolFile spool;
    private boolean spoolBroken;
    private byte[] currentInit;
    private long durationMicros;
    private String codecs = "";

    BroadcastRecording(UUID id, String streamId, Path spoolPath, RecorderConfig config, RecordingUpload upload,
                       Clock clock) {
        this.id = id;
        this.streamId = streamId;
        this.spoolPath = spoolPath;
        this.config = config;
        this.upload = upload;
        this.clock = clock;
    }

    @Override
    public void onSession(PublisherSession s) {
        closeSession();
        sessionTracks = s.tracks();
        restartPending = false;
        openSession();
    }

    @Override
    public void onAccessUnit(AccessUnit unit) {
        if (session == null) {
            if (!restartPending || ended) {
                return;
            }
            restartPending = false;
            openSession();
            if (session == null) {
                return;
            }
        }
        try {
            CutSegment cut = session.accept(unit);
            if (cut != null) {
                write(cut);
            }
        } catch (RuntimeException e) {
            LOG.error("[recording {}] muxing failed; restarting at the next keyframe", id, e);
            timelineMicros = Math.max(timelineMicros, session.endMicros());
            session.close();
            session = null;
            restartPending = true;
        }
    }

    /** The tail is written as a short fragment, so a crash during the grace window loses nothing. */
    @Override
    public void onPublisherLost() {
        closeSession();
    }

    @Override
    public void onEnd() {
        closeSession();
        ended = true;
        closeSpool();
        long bytes = spool == null || spoolBroken && fragments.isEmpty() ? 0 : spool.committed();
        FragmentIndex index = index(true);
        writeSidecar(index);
        upload.finish(fragments.isEmpty() ? 0 : bytes, index, RecordingOutcome.COMPLETE, clock.instant());
    }

    /** Frees the muxer and closes the spool without finishing (service stopping; recovery finishes it). */
    void shutdown() {
        if (session != null) {
            session.close();
            session = null;
        }
        ended = true;
        closeSpool();
    }

    private void openSession() {
        for (Track t : sessionTracks) {
            String why = StreamSetup.whyNot(t);
            if (why != null) {
                LOG.warn("[recording {}] track {} ({}) not recorded: {}", id, t.id(), t.codec(), why);
            }
        }
        try {
            session = new SessionMuxer(sessionTracks, config.fragmentDuration(), config.maxFragmentBytes(),
                    timelineMicros);
            codecs = session.tracks().stream().map(CodecStrings::of).collect(Collectors.joining(","));
        } catch (IllegalArgumentException e) {
            LOG.warn("[recording {}] stream {}: nothing recordable in this session: {}", id, streamId, e.getMessage());
            session = null;
        } catch (FfmpegException e) {
            LOG.error("[recording {}] cannot open the fMP4 muxer", id, e);
            session = null;
        }
    }

    private void closeSession() {
        if (session == null) {
            return;
        }
        try {
            CutSegment last = session.finish();
            if (last != null) {
                write(last);
            }
        } catch (RuntimeException e) {
            LOG.error("[recording {}] flushing the last fragment failed", id, e);
        } finally {
            timelineMicros = Math.max(timelineMicros, session.endMicros());
            session.close();
            session = null;
        }
    }

    private void write(CutSegment cut) {
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
            long at = spool.append(cut.bytes());
            long committed = spool.commit();
            fragments.add(new FragmentIndex.Fragment(at, cut.bytes().length, cut.durationMicros(), inits.size() - 1));
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
