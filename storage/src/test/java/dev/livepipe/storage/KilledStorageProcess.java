// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage;

import dev.livepipe.storage.broadcasts.PublisherInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * The child process of {@link KillResilienceTest}: starts Storage on the data directory
 * given as the only argument, writes a stream, a live broadcast and an object, prints
 * {@code READY <streamId> <broadcastId>} and waits to be killed.
 */
public final class KilledStorageProcess {

    private KilledStorageProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        Storage storage = new Storage(StorageConfig.embedded(Path.of(args[0])));
        storage.start();
        String streamId = storage.streams().create("written before kill -9").stream().id();
        UUID broadcastId = UUID.randomUUID();
        storage.broadcasts().start(broadcastId, streamId, Instant.now(), new PublisherInfo("rtmp", "127.0.0.1:1", "child"));
        storage.objects().put("child/" + streamId, streamId.getBytes(StandardCharsets.UTF_8), "text/plain");
        System.out.println("READY " + streamId + " " + broadcastId);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
