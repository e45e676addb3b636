// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The access and secret key of the embedded S3 server, generated randomly on first use and
 * kept in a properties file (mode 0600 where the file system supports it) so that objects
 * and presigned URLs stay valid across restarts.
 *
 * <p>Immutable; {@code toString()} hides the secret. {@link #loadOrCreate} does blocking
 * file I/O.
 */
record S3Credentials(String accessKey, String secretKey) {

    private static final String ACCESS_KEY = "accessKey";
    private static final String SECRET_KEY = "secretKey";

    /** Reads the credentials from {@code file}, creating the file with new random keys if absent. */
    static S3Credentials loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                Properties properties = new Properties();
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    properties.load(reader);
                }
                String access = properties.getProperty(ACCESS_KEY);
                String secret = properties.getProperty(SECRET_KEY);
                if (access == null || access.isBlank() || secret == null || secret.isBlank()) {
                    throw new IllegalStateException(file + " lacks " + ACCESS_KEY + " or " + SECRET_KEY);
                }
                return new S3Credentials(access, secret);
            }
            S3Credentials created = random();
            write(file, created);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    private static S3Credentials random() {
        SecureRandom random = new SecureRandom();
        byte[] access = new byte[10];
        byte[] secret = new byte[20];
        random.nextBytes(access);
        random.nextBytes(secret);
        HexFormat hex = HexFormat.of();
        return new S3Credentials("LP" + hex.formatHex(access).toUpperCase(java.util.Locale.ROOT), hex.formatHex(secret));
    }

    private static void write(Path file, S3Credentials credentials) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(temp);
        }
        Properties properties = new Properties();
        properties.setProperty(ACCESS_KEY, credentials.accessKey());
        properties.setProperty(SECRET_KEY, credentials.secretKey());
        try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            properties.store(writer, "Livepipe embedded S3 credentials; keep secret");
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public String toString() {
        return "S3Credentials[accessKey=" + accessKey + ", secretKey=<redacted>]";
    }
}
