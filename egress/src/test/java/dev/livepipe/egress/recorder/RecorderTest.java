// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import dev.livepipe.storage.recordings.RecordingObjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.livepipe.media.AccessUnit;
import dev.livepipe.mux.CutSegment;
import dev.livepipe.mux.SegmentMemory;
import dev.livepipe.mux.SessionMuxer;
import dev.livepipe.media.Publication;
import dev.livepipe.media.PublisherInfo;
import dev.livepipe.storage.recordings.RecordingInfo;
import dev.livepipe.storage.recordings.RecordingStatus;
import dev.livepipe.testkit.HlsChecker;
import dev.livepipe.testkit.SampleMedia;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder end to end at hub level: SampleMedia published into a real {@code Broadcasts} hub,
 * the real recorder, embedded S3 (S3Proxy) and embedded PostgreSQL; results decoded by FFmpeg.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecorderTest {

    private static final Logger LOG = LoggerFactory.getLogger(RecorderTest.class);
    private static final PublisherInfo PUBLISHER = new PublisherInfo("test", "127.0.0.1:1", "junit");

    private Path dir;
    private RecorderEnv env;

    @BeforeAll
    void start(@TempDir Path tmp) {
        dir = tmp;
        env = new RecorderEnv(dir);
    }

    @AfterAll
    void stop() {
        env.close();
    }

    private static void feed(Publication p, List<AccessUnit> units) {
        SampleMedia.feed(units, p::write, 0, System.currentTimeMillis());
    }

    private RecordingResult endAndAwait(Publication p) throws Exception {
        String broadcastId = p.broadcast().id();
        var completion = env.recorder.completion(broadcastId).orElseThrow();
        env.broadcasts.end(env.streamId, "test");
        return completion.get(60, TimeUnit.SECONDS);
    }

    private long spoolFiles() throws IOException {
        try (Stream<Path> s = Files.list(env.config.spoolDir())) {
            return s.count();
        }
    }

    @Test
    void aBroadcastBecomesOneVerifiedDecodableObjectWithAVodPlaylist() throws Exception {
        SampleMedia media = SampleMedia.seconds(10);
        long t0 = System.nanoTime();
        Publication p = env.broadcasts.publish(env.streamId, media.tracks(), PUBLISHER);
        SampleMedia.feed(media.units(), p::write, 4, System.currentTimeMillis()); // 4x real time: muxing keeps up
        long fed = System.nanoTime();
        long spooledBeforeEnd = env.recorder.describe().getLong("bytesSpooled");
        long endAt = System.nanoTime();
        RecordingResult r = endAndAwait(p);
        long doneAt = System.nanoTime();
        LOG.info("FIGURES: 10 s broadcast fed in {} ms; {} bytes spooled before the end, {} in all ({} kB/s of media, "
                + "{} kB/s spooled while fed); end → verified object in {} ms", (fed - t0) / 1_000_000, spooledBeforeEnd,
                r.bytes(), r.bytes() / 10 / 1000, spooledBeforeEnd * 1_000_000 / Math.max(1, fed - t0),
                (doneAt - endAt) / 1_000_000);

        assertThat(r.outcome()).isEqualTo(RecordingOutcome.COMPLETE);
        assertThat(r.durationMillis()).isCloseTo(10_000, within(1_000L));
        assertThat(spooledBeforeEnd).isPositive();
        assertThat(spoolFiles()).as("spool deleted after verification").isZero();
        assertThat(env.recorder.describe().getJsonObject("fragmentMemory").getInteger("fragments"))
                .as("every fragment's native memory freed once spooled").isZero();

        RecordingInfo row = env.storage.recordings().get(r.id()).orElseThrow();
        assertThat(row.status()).isEqualTo(RecordingStatus.COMPLETE);
        assertThat(row.bytes()).isEqualTo(r.bytes());
        assertThat(row.durationMillis()).isCloseTo(10_000, within(1_000L));
        assertThat(row.objectKey()).isEqualTo("recordings/" + env.streamId + "/" + r.id() + ".mp4");
        assertThat(env.storage.objects().head(row.objectKey()).orElseThrow().size()).isEqualTo(r.bytes());

        Path mp4 = env.download(r.objectKey(), dir.resolve("recording.mp4"));
        HlsChecker.Report played = HlsChecker.play(mp4);
        assertThat(played.clean()).as("%s", played.errors()).isTrue();
        assertThat(played.reachedEnd()).isTrue();
        assertThat(played.videoSeconds()).isCloseTo(10, within(1.0));
        assertThat(played.audioSeconds()).isCloseTo(10, within(1.0));

        // the stored index serves an HLS VOD playlist with byte ranges into the MP4 (FFmpeg's HLS demuxer
        // seeks to the ranges in a local file the way it sends Range requests over HTTP)
        FragmentIndex index = FragmentIndex.fromJson(new JsonObject(new String(
                env.storage.objects().get(r.indexKey()).orElseThrow(), StandardCharsets.UTF_8)));
        assertThat(index.ended()).isTrue();
        assertThat(index.bytes()).isEqualTo(r.bytes());
        assertThat(index.fragments()).hasSizeBetween(4, 6);
        Path playlist = dir.resolve("vod.m3u8");
        Files.writeString(playlist, VodPlaylist.render(index, "recording.mp4"));
        HlsChecker.Report vod = HlsChecker.play(playlist);
        assertThat(vod.clean()).as("%s", vod.errors()).isTrue();
        assertThat(vod.reachedEnd()).isTrue();
        assertThat(vod.videoSeconds()).isCloseTo(10, within(1.0));
        assertThat(vod.videoFrames()).isEqualTo(played.videoFrames());
    }

    @Test
    void aReconnectWithinGraceContinuesTheSameRecording() throws Exception {
        SampleMedia media = SampleMedia.seconds(10);
        List<AccessUnit> first = media.firstSeconds(5);
        Publication p1 = env.broadcasts.publish(env.streamId, media.tracks(), PUBLISHER);
        String broadcastId = p1.broadcast().id();
        feed(p1, first);
        p1.close(); // publisher lost; the grace window runs
        Thread.sleep(300);
        Publication p2 = env.broadcasts.publish(env.streamId, media.tracks(), PUBLISHER);
        assertThat(p2.broadcast().id()).isEqualTo(broadcastId);
        assertThat(p2.session().discontinuity()).isTrue();
        feed(p2, media.units()); // timestamps restart at zero, as after a real reconnect
        RecordingResult r = endAndAwait(p2);

        List<RecordingInfo> rows = env.storage.recordings().list(
                dev.livepipe.storage.recordings.RecordingFilter.all().withBroadcast(UUID.fromString(broadcastId)));
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().status()).isEqualTo(RecordingStatus.COMPLETE);
        assertThat(r.durationMillis()).isCloseTo(15_000, within(1_000L));
        FragmentIndex index = FragmentIndex.fromJson(new JsonObject(new String(
                env.storage.objects().get(r.indexKey()).orElseThrow(), StandardCharsets.UTF_8)));
        assertThat(index.inits()).as("same codec configuration: one init segment").hasSize(1);

        HlsChecker.Report played = HlsChecker.play(env.download(r.objectKey(), dir.resolve("reconnect.mp4")));
        assertThat(played.clean()).as("%s", played.errors()).isTrue();
        assertThat(played.videoSeconds()).isCloseTo(15, within(1.0));
    }

    @Test
    void anS3OutageLosesNothing() throws Exception {
        SampleMedia media = SampleMedia.seconds(10);
        long perRound = media.units().stream().mapToLong(u -> u.payload().size()).sum();
        int rounds = (int) Math.max(2, (12L << 20) / Math.max(1, perRound) + 1); // > 2 parts of 5 MiB
        List<AccessUnit> all = media.repeated(rounds);
        int half = all.size() / 2;
        Publication p = env.broadcasts.publish(env.streamId, media.tracks(), PUBLISHER);
        feed(p, all.subList(0, half));
        long retriesBefore = env.recorder.describe().getLong("retries");
        env.stopS3();
        long outageStart = System.nanoTime();
        feed(p, all.subList(half, all.size()));
        var completion = env.recorder.completion(p.broadcast().id()).orElseThrow();
        UUID id = env.recorder.recordingId(p.broadcast().id()).orElseThrow();
        env.broadcasts.end(env.streamId, "test");
        // while S3 is away the spool is sealed and kept; copy it to compare later
        Path spool = env.config.spoolDir().resolve(id + ".mp4");
        Path sidecar = RecordingUpload.sidecarOf(spool);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(sidecar) && new JsonObject(Files.readString(sidecar)).getBoolean("ended"))) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(50);
        }
        Path copy = Files.copy(spool, dir.resolve("spool-copy.mp4"));
        Thread.sleep(Math.max(0, 3000 - (System.nanoTime() - outageStart) / 1_000_000));
        assertThat(completion).isNotDone();
        assertThat(Files.exists(spool)).as("spool kept while S3 is down").isTrue();
        env.startS3();
        long back = System.nanoTime();
        RecordingResult r = completion.get(60, TimeUnit.SECONDS);
        LOG.info("FIGURES: S3 back → verified object in {} ms; {} bytes in {} parts; {} retries",
                (System.nanoTime() - back) / 1_000_000, r.bytes(), r.parts(),
                env.recorder.describe().getLong("retries") - retriesBefore);

        assertThat(r.outcome()).isEqualTo(RecordingOutcome.COMPLETE);
        assertThat(r.parts()).isGreaterThanOrEqualTo(3);
        assertThat(env.recorder.describe().getLong("retries")).isGreaterThan(retriesBefore);
        assertThat(r.durationMillis()).isCloseTo(rounds * 10_000L, within(1_000L));
        byte[] stored = Files.readAllBytes(env.download(r.objectKey(), dir.resolve("outage.mp4")));
        assertThat(stored).isEqualTo(Files.readAllBytes(copy));
        assertThat(Files.exists(spool)).isFalse();
        assertThat(env.storage.recordings().get(r.id()).orElseThrow().status()).isEqualTo(RecordingStatus.COMPLETE);
    }

    @Test
    void recoveryUploadsTheCompleteFragmentsOfACrashedSpool() throws Exception {
        SampleMedia media = SampleMedia.seconds(10);
        List<CutSegment> cuts = new ArrayList<>();
        try (SessionMuxer m = new SessionMuxer(media.tracks(), Duration.ofSeconds(2), 64 << 20, 0, SegmentMemory.pooled())) {
            for (AccessUnit u : media.units()) {
                CutSegment c = m.accept(u);
                if (c != null) {
                    cuts.add(c);
                }
            }
        }
        assertThat(cuts).hasSizeGreaterThanOrEqualTo(4);
        int n = 3;
        ByteArrayOutputStream complete = new ByteArrayOutputStream();
        complete.writeBytes(cuts.getFirst().init());
        long expectedMicros = 0;
        for (int i = 0; i < n; i++) {
            complete.writeBytes(cuts.get(i).bytes().toArray());
            expectedMicros += cuts.get(i).durationMicros();
        }
        byte[] partial = Arrays.copyOf(cuts.get(n).bytes().toArray(), cuts.get(n).bytes().length() / 2);
        UUID id = UUID.randomUUID();
        Path spool = env.config.spoolDir().resolve(id + ".mp4");
        Files.write(spool, complete.toByteArray());
        Files.write(spool, partial, StandardOpenOption.APPEND);
        String key = RecordingObjects.media(env.streamId, id);
        String staleUpload = env.storage.objects().createMultipartUpload(key, "video/mp4");
        env.storage.recordings().create(id, env.streamId, null, key, Instant.now().minusSeconds(60));
        env.storage.recordings().updateProgress(id, Files.size(spool), 8000, "avc1,mp4a.40.2", staleUpload,
                spool.toString());
        UUID lost = UUID.randomUUID(); // its spool is gone
        env.storage.recordings().create(lost, env.streamId, null, RecordingObjects.media(env.streamId, lost),
                Instant.now().minusSeconds(60));

        RecoveryReport report = env.recorder.recovery().run();
        assertThat(report.uploading()).containsExactly(id);
        assertThat(report.failed()).containsExactly(lost);
        List<RecordingResult> results = report.finished().get(60, TimeUnit.SECONDS);

        RecordingResult r = results.getFirst();
        assertThat(r.outcome()).isEqualTo(RecordingOutcome.INTERRUPTED);
        assertThat(r.durationMillis()).isCloseTo(expectedMicros / 1000, within(50L));
        byte[] stored = Files.readAllBytes(env.download(key, dir.resolve("recovered.mp4")));
        assertThat(stored).isEqualTo(complete.toByteArray());
        HlsChecker.Report played = HlsChecker.play(dir.resolve("recovered.mp4"));
        assertThat(played.clean()).as("%s", played.errors()).isTrue();
        assertThat(played.videoSeconds()).isCloseTo(expectedMicros / 1e6, within(0.5));
        RecordingInfo row = env.storage.recordings().get(id).orElseThrow();
        assertThat(row.status()).isEqualTo(RecordingStatus.INTERRUPTED);
        assertThat(row.bytes()).isEqualTo(stored.length);
        assertThat(Files.exists(spool)).isFalse();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (env.storage.recordings().get(lost).orElseThrow().status() == RecordingStatus.RECORDING) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(env.storage.recordings().get(lost).orElseThrow().status()).isEqualTo(RecordingStatus.FAILED);
    }
}
