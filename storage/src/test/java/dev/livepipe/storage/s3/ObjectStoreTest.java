// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.storage.embedded.EmbeddedS3Server;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Exception;

class ObjectStoreTest {

    @TempDir
    static Path dataDir;

    private static EmbeddedS3Server server;
    private static ObjectStore store;

    private String prefix;

    @BeforeAll
    static void startServer() {
        server = new EmbeddedS3Server(dataDir);
        server.start();
        store = new ObjectStore(new S3Settings(server.endpoint(), "test-bucket", "us-east-1",
                server.accessKey(), server.secretKey()));
        assertThat(store.ensureBucket()).isTrue();
        assertThat(store.ensureBucket()).isFalse();
    }

    @AfterAll
    static void stopServer() {
        store.close();
        server.stop();
    }

    @BeforeEach
    void freshPrefix() {
        prefix = "t/" + UUID.randomUUID() + "/";
    }

    @Test
    void putGetHeadAndDelete() {
        byte[] content = "#EXTM3U\n".getBytes(StandardCharsets.UTF_8);

        String eTag = store.put(prefix + "index.m3u8", content, "application/vnd.apple.mpegurl");

        assertThat(eTag).isEqualTo(md5Hex(content));
        assertThat(store.get(prefix + "index.m3u8")).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(content));
        ObjectInfo head = store.head(prefix + "index.m3u8").orElseThrow();
        assertThat(head.size()).isEqualTo(content.length);
        assertThat(head.eTag()).isEqualTo(eTag);
        assertThat(head.contentType()).isEqualTo("application/vnd.apple.mpegurl");
        assertThat(head.lastModified()).isNotNull();

        store.delete(prefix + "index.m3u8");
        store.delete(prefix + "index.m3u8");
        assertThat(store.get(prefix + "index.m3u8")).isEmpty();
        assertThat(store.head(prefix + "index.m3u8")).isEmpty();
        assertThat(store.openStream(prefix + "index.m3u8")).isEmpty();
    }

    @Test
    void putFileAndStreamItBack(@TempDir Path temp) throws Exception {
        byte[] content = randomBytes(3 * 1024 * 1024 + 17, 1);
        Path file = temp.resolve("segment.m4s");
        Files.write(file, content);

        store.put(prefix + "segment.m4s", file, "video/iso.segment");

        try (InputStream in = store.openStream(prefix + "segment.m4s").orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(store.head(prefix + "segment.m4s").orElseThrow().contentType()).isEqualTo("video/iso.segment");
    }

    @Test
    void listFollowsThePrefixAndBatchDeleteRemovesMany() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String key = prefix + "seg" + String.format("%03d", i) + ".m4s";
            store.put(key, new byte[] {(byte) i}, null);
            keys.add(key);
        }
        store.put(prefix + "other/x", new byte[] {1}, null);

        assertThat(store.list(prefix + "seg")).extracting(ObjectInfo::key).containsExactlyElementsOf(keys);
        assertThat(store.list(prefix)).hasSize(26);
        assertThat(store.list(prefix + "seg").getFirst().size()).isEqualTo(1);

        List<String> toDelete = new ArrayList<>(keys);
        toDelete.add(prefix + "never-existed");
        assertThat(store.deleteBatch(toDelete)).isEmpty();
        assertThat(store.list(prefix)).extracting(ObjectInfo::key).containsExactly(prefix + "other/x");
        assertThat(store.deleteBatch(List.of())).isEmpty();
    }

    @Test
    void multipartUploadAssemblesThreeParts() {
        byte[] part1 = randomBytes(ObjectStore.MIN_PART_SIZE, 11);
        byte[] part2 = randomBytes(ObjectStore.MIN_PART_SIZE, 12);
        byte[] part3 = randomBytes(1024 * 1024 + 3, 13);
        String key = prefix + "recording.mp4";

        String uploadId = store.createMultipartUpload(key, "video/mp4");
        UploadedPart p3 = store.uploadPart(key, uploadId, 3, part3);
        UploadedPart p1 = store.uploadPart(key, uploadId, 1, part1);
        UploadedPart p2 = store.uploadPart(key, uploadId, 2, part2);
        assertThat(p1.eTag()).isNotBlank();
        String eTag = store.completeMultipartUpload(key, uploadId, List.of(p3, p1, p2));

        assertThat(eTag).endsWith("-3");
        byte[] whole = store.get(key).orElseThrow();
        assertThat(whole).hasSize(part1.length + part2.length + part3.length);
        assertThat(java.util.Arrays.copyOfRange(whole, 0, part1.length)).isEqualTo(part1);
        assertThat(java.util.Arrays.copyOfRange(whole, part1.length, part1.length + part2.length)).isEqualTo(part2);
        assertThat(java.util.Arrays.copyOfRange(whole, part1.length + part2.length, whole.length)).isEqualTo(part3);
        assertThat(store.head(key).orElseThrow().contentType()).isEqualTo("video/mp4");
    }

    @Test
    void abortedMultipartUploadLeavesNoObject() {
        String key = prefix + "aborted.mp4";
        String uploadId = store.createMultipartUpload(key, null);
        store.uploadPart(key, uploadId, 1, randomBytes(1000, 3));

        store.abortMultipartUpload(key, uploadId);

        assertThat(store.head(key)).isEmpty();
        assertThatThrownBy(() -> store.completeMultipartUpload(key, uploadId, List.of(new UploadedPart(1, "\"x\""))))
                .isInstanceOf(S3Exception.class);
    }

    @Test
    void presignedGetWorksWithoutCredentialsAndOnlyAsSigned() throws Exception {
        byte[] content = "thumbnail".getBytes(StandardCharsets.UTF_8);
        store.put(prefix + "thumb.jpg", content, "image/jpeg");

        URI url = store.presignGet(prefix + "thumb.jpg", Duration.ofMinutes(5));

        assertThat(url.getQuery()).contains("X-Amz-Signature=");
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> ok = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo(content);

            URI tampered = URI.create(url.toString().replace("thumb.jpg", "thumb.jpeg"));
            HttpResponse<byte[]> denied = http.send(HttpRequest.newBuilder(tampered).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(denied.statusCode()).isEqualTo(403);

            URI unsigned = URI.create(server.endpoint() + "/test-bucket/" + prefix + "thumb.jpg");
            assertThat(http.send(HttpRequest.newBuilder(unsigned).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).isEqualTo(403);
        }
    }

    @Test
    void wrongCredentialsAreRejected() {
        try (ObjectStore intruder = new ObjectStore(new S3Settings(server.endpoint(), "test-bucket", "us-east-1",
                server.accessKey(), "wrong-secret"))) {
            assertThat(intruder.check()).isPresent();
            assertThatThrownBy(() -> intruder.put(prefix + "x", new byte[] {1}, null)).isInstanceOf(S3Exception.class);
        }
        assertThat(store.check()).isEmpty();
    }

    @Test
    void aSecondServerOnTheSameDirectoryIsRefused() {
        EmbeddedS3Server second = new EmbeddedS3Server(dataDir);

        assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another Livepipe process");
        assertThat(second.isRunning()).isFalse();
        assertThat(store.check()).isEmpty();
    }

    @Test
    void keysAreValidated() {
        assertThatThrownBy(() -> store.put("", new byte[0], null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get("k".repeat(1025))).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String md5Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
