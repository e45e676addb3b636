// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.storage.recordings.RecordingInfo;
import dev.livepipe.storage.recordings.RecordingStatus;
import dev.livepipe.storage.retention.SweepResult;
import dev.livepipe.storage.streams.CreatedStream;
import dev.livepipe.storage.streams.StreamInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void restartOnTheSameDataDirectoryKeepsRowsAndObjects() {
        byte[] object = "recorded media".getBytes(StandardCharsets.UTF_8);
        Storage first = new Storage(StorageConfig.embedded(dataDir));
        first.start();
        CreatedStream created;
        UUID recordingId = UUID.randomUUID();
        Instant ended = Instant.parse("2026-01-01T00:00:00Z");
        try {
            assertThat(first.health()).isEmpty();
            created = first.streams().create("survives restarts");
            first.settings().put("admin.tokenHash", "abc");
            first.objects().put("recordings/r1/index.m3u8", object, "application/vnd.apple.mpegurl");
            first.recordings().create(recordingId, created.stream().id(), null, "recordings/r1/index.m3u8",
                    ended.minusSeconds(60));
            first.recordings().finish(recordingId, RecordingStatus.COMPLETE, ended, object.length, 60_000);
        } finally {
            first.stop();
        }
        assertThat(first.health()).containsExactly("storage: not started");
        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
        assertThat(dataDir.resolve("s3-credentials.properties")).exists();

        Storage second = new Storage(StorageConfig.embedded(dataDir));
        second.start();
        try {
            StreamInfo stream = second.streams().get(created.stream().id()).orElseThrow();
            assertThat(stream).isEqualTo(created.stream());
            assertThat(second.streams().findByKey(created.key().reveal())).contains(stream);
            assertThat(second.settings().get("admin.tokenHash")).contains("abc");
            assertThat(second.objects().get("recordings/r1/index.m3u8"))
                    .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(object));
            assertThat(second.describe()).containsEntry("started", true).containsEntry("database", "embedded")
                    .containsEntry("bucket", "livepipe").containsEntry("retentionSweepSeconds", 60L);
            // Recordings and retention are wired: the recording survives the restart and the
            // sweeper built by the facade deletes it once expired.
            RecordingInfo recording = second.recordings().get(recordingId).orElseThrow();
            assertThat(recording.expiresAt())
                    .isEqualTo(ended.plus(second.retentionPolicies().getDefault().retention()));
            assertThat(second.retentionPreview().until(recording.expiresAt(), 10).recordings())
                    .extracting(RecordingInfo::id).containsExactly(recordingId);
            SweepResult swept = second.newSweeper(Clock.fixed(recording.expiresAt(), ZoneOffset.UTC)).sweep();
            assertThat(swept.deleted()).isEqualTo(1);
            assertThat(second.objects().get("recordings/r1/index.m3u8")).isEmpty();
            assertThat(second.recordings().get(recordingId).orElseThrow().status()).isEqualTo(RecordingStatus.DELETED);
        } finally {
            second.stop();
        }
    }

    @Test
    void aSecondLiveStorageOnTheSameDataDirectoryIsRefused() throws Exception {
        Storage first = new Storage(StorageConfig.embedded(dataDir));
        first.start();
        try {
            Storage second = new Storage(StorageConfig.embedded(dataDir));
            assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another Livepipe process");
            assertThat(first.health()).isEmpty();
        } finally {
            first.stop();
        }
        assertThat(Files.exists(dataDir.resolve("postgres/postmaster.pid"))).isFalse();
    }
}
