// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.e2e;

import dev.livepipe.storage.embedded.EmbeddedS3Server;
import java.nio.file.Path;

/**
 * A stand-alone S3 API server (the same S3Proxy the service embeds) for tests that must take
 * storage away from a running Livepipe: {@code S3ServerMain <dataDir> <port>}. Prints
 * {@code READY <endpoint> <accessKey> <secretKey>} once listening; runs until killed.
 */
public final class S3ServerMain {

    private S3ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedS3Server s3 = new EmbeddedS3Server(Path.of(args[0]), Integer.parseInt(args[1]));
        s3.start();
        System.out.println("READY " + s3.endpoint() + " " + s3.accessKey() + " " + s3.secretKey());
        System.out.flush();
        Thread.currentThread().join();
    }
}
