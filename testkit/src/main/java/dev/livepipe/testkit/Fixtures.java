// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The media fixtures of {@code src/main/resources/fixtures} (see {@code make-fixtures.sh} there).
 * FFmpeg opens files by path, so a fixture is copied out of the jar into a temporary file once.
 */
public final class Fixtures {

    /** 8 s of HEVC Main 320x240 30 fps (closed GOP 1 s, B-frames) + AAC-LC 48 kHz stereo, MP4. */
    public static final String HEVC_AAC_320X240 = "hevc-aac-320x240.mp4";
    /** A self-signed PEM certificate for CN=localhost and 127.0.0.1 (test-only). */
    public static final String LOCALHOST_CERT = "localhost-cert.pem";
    /** The unencrypted PKCS#8 PEM private key of {@link #LOCALHOST_CERT} (test-only). */
    public static final String LOCALHOST_KEY = "localhost-key.pem";

    private Fixtures() {
    }

    /** A readable file with the fixture's bytes, deleted when the JVM exits. */
    public static synchronized Path file(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            String suffix = name.contains(".") ? name.substring(name.lastIndexOf('.')) : "";
            Path tmp = Files.createTempFile("livepipe-fixture-", suffix);
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
