// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.s3;

import java.net.URI;
import java.util.Objects;

/**
 * How to reach an S3-compatible object store: endpoint, bucket, signing region and static
 * credentials. Addressing is always path-style ({@code <endpoint>/<bucket>/<key>}), which
 * MinIO, S3Proxy and AWS all accept.
 *
 * <p>Immutable; {@code toString()} hides the secret key.
 *
 * @param endpoint  base URL of the S3 API, e.g. {@code http://127.0.0.1:9000}
 * @param bucket    bucket holding Livepipe's objects
 * @param region    signing region, e.g. {@code us-east-1}
 * @param accessKey access key id
 * @param secretKey secret access key
 */
public record S3Settings(URI endpoint, String bucket, String region, String accessKey, String secretKey) {

    public S3Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("invalid S3 bucket name: " + bucket);
        }
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region
                + ", accessKey=" + accessKey + ", secretKey=<redacted>]";
    }
}
