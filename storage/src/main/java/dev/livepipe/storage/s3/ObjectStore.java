// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.s3;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Livepipe's view of one S3 bucket: whole-object put/get/head/delete, batch delete,
 * listing, presigned downloads and the steps of a multipart upload.
 *
 * <p>Uses the AWS SDK v2 with path-style addressing, static credentials and the JDK-based
 * url-connection HTTP client. Checksums are sent and validated only where the S3 API
 * requires them (the SDK's pre-2.30 behaviour), which every S3-compatible server accepts;
 * request payloads are still covered by the SigV4 signature.
 *
 * <p><b>Blocking:</b> every method performs network I/O on the calling thread; call them on
 * worker or virtual threads, never on an event loop. Instances are thread-safe and meant to
 * be shared; {@link #close()} releases the HTTP client.
 *
 * <p>Keys are relative to the bucket, 1 to 1024 UTF-8 bytes. A missing object is reported
 * as an empty {@link Optional} where a method returns one; other store errors are thrown as
 * the SDK's unchecked {@link S3Exception} or {@code SdkClientException}.
 */
public final class ObjectStore implements AutoCloseable {

    /** Largest number of keys S3 accepts in one DeleteObjects request. */
    public static final int MAX_BATCH_DELETE = 1000;
    /** Smallest size S3 accepts for a multipart part other than the last. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);
    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private final S3Settings settings;
    private final S3Client client;
    private final S3Presigner presigner;

    /** Builds the clients; does not contact the store. */
    public ObjectStore(S3Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        Region region = Region.of(settings.region());
        this.client = S3Client.builder()
                .endpointOverride(settings.endpoint())
                .region(region)
                .credentialsProvider(credentials)
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
        this.presigner = S3Presigner.builder()
                .endpointOverride(settings.endpoint())
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    /** The bucket this store works on. */
    public String bucket() {
        return settings.bucket();
    }

    /** The S3 endpoint this store talks to. */
    public URI endpoint() {
        return settings.endpoint();
    }

    /**
     * Creates the bucket unless it exists. Safe to call from several nodes at once.
     *
     * @return whether this call created it
     */
    public boolean ensureBucket() {
        try {
            client.headBucket(b -> b.bucket(bucket()));
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
        CreateBucketRequest.Builder create = CreateBucketRequest.builder().bucket(bucket());
        if (!Region.US_EAST_1.id().equals(settings.region())) {
            create.createBucketConfiguration(CreateBucketConfiguration.builder()
                    .locationConstraint(settings.region()).build());
        }
        try {
            client.createBucket(create.build());
            LOG.info("created bucket {} at {}", bucket(), endpoint());
            return true;
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException e) {
            return false;
        }
    }

    /**
     * Stores {@code bytes} under {@code key}, replacing any existing object.
     *
     * @param contentType MIME type, {@code null} for {@code application/octet-stream}
     * @return the new object's entity tag, without quotes
     */
    public String put(String key, byte[] bytes, String contentType) {
        Objects.requireNonNull(bytes, "bytes");
        return unquote(client.putObject(b -> b.bucket(bucket()).key(checkKey(key)).contentType(orDefault(contentType)),
                RequestBody.fromBytes(bytes)).eTag());
    }

    /**
     * Stores the content of {@code file} under {@code key}, replacing any existing object.
     * For files above a few hundred MiB prefer a multipart upload.
     *
     * @param contentType MIME type, {@code null} for {@code application/octet-stream}
     * @return the new object's entity tag, without quotes
     */
    public String put(String key, Path file, String contentType) {
        Objects.requireNonNull(file, "file");
        return unquote(client.putObject(b -> b.bucket(bucket()).key(checkKey(key)).contentType(orDefault(contentType)),
                RequestBody.fromFile(file)).eTag());
    }

    /**
     * Reads a whole object into memory; meant for small objects (playlists, thumbnails).
     *
     * @return the content, or empty when there is no such object
     */
    public Optional<byte[]> get(String key) {
        try {
            ResponseBytes<GetObjectResponse> bytes = client.getObjectAsBytes(b -> b.bucket(bucket()).key(checkKey(key)));
            return Optional.of(bytes.asByteArrayUnsafe());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads bytes {@code first..last} (inclusive, HTTP Range semantics) of an object; for serving
     * byte ranges of recordings. The caller bounds the range size.
     *
     * @return the bytes (fewer when the object ends before {@code last}), or empty when there is
     *         no such object or {@code first} lies beyond its end
     */
    public Optional<byte[]> getRange(String key, long first, long last) {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("bad range " + first + "-" + last);
        }
        try {
            ResponseBytes<GetObjectResponse> bytes = client.getObjectAsBytes(b -> b.bucket(bucket())
                    .key(checkKey(key)).range("bytes=" + first + "-" + last));
            return Optional.of(bytes.asByteArrayUnsafe());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Opens an object for streaming. The caller must close the stream; it holds an HTTP
     * connection until then.
     *
     * @return the content stream, or empty when there is no such object
     */
    public Optional<InputStream> openStream(String key) {
        try {
            ResponseInputStream<GetObjectResponse> stream = client.getObject(b -> b.bucket(bucket()).key(checkKey(key)));
            return Optional.of(stream);
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /**
     * Metadata of one object.
     *
     * @return the metadata, or empty when there is no such object
     */
    public Optional<ObjectInfo> head(String key) {
        try {
            HeadObjectResponse head = client.headObject(b -> b.bucket(bucket()).key(checkKey(key)));
            return Optional.of(new ObjectInfo(key, head.contentLength(), unquote(head.eTag()),
                    head.contentType(), head.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Deletes one object; deleting a missing object is not an error. */
    public void delete(String key) {
        client.deleteObject(b -> b.bucket(bucket()).key(checkKey(key)));
    }

    /**
     * Deletes many objects, {@value #MAX_BATCH_DELETE} per request. Missing objects count as
     * deleted.
     *
     * @return the keys the store refused to delete (empty when all are gone)
     */
    public List<String> deleteBatch(Collection<String> keys) {
        List<ObjectIdentifier> ids = keys.stream().map(k -> ObjectIdentifier.builder().key(checkKey(k)).build()).toList();
        List<String> failed = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += MAX_BATCH_DELETE) {
            List<ObjectIdentifier> chunk = ids.subList(from, Math.min(ids.size(), from + MAX_BATCH_DELETE));
            DeleteObjectsResponse response = client.deleteObjects(b -> b.bucket(bucket())
                    .delete(d -> d.objects(chunk).quiet(true)));
            response.errors().forEach(error -> {
                LOG.warn("cannot delete {} from bucket {}: {} {}", error.key(), bucket(), error.code(), error.message());
                failed.add(error.key());
            });
        }
        return failed;
    }

    /**
     * Every object whose key starts with {@code prefix}, in key order, following pagination.
     *
     * @param prefix key prefix, {@code ""} for the whole bucket
     */
    public List<ObjectInfo> list(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        List<ObjectInfo> result = new ArrayList<>();
        for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(bucket()).prefix(prefix)).contents()) {
            result.add(new ObjectInfo(object.key(), object.size(), unquote(object.eTag()), null, object.lastModified()));
        }
        return result;
    }

    /**
     * A URL that lets anyone holding it GET the object until it expires. Computed locally;
     * does not check that the object exists.
     *
     * @param validity how long the URL works, at most 7 days for SigV4
     */
    public URI presignGet(String key, Duration validity) {
        Objects.requireNonNull(validity, "validity");
        String checked = checkKey(key);
        return URI.create(presigner.presignGetObject(p -> p.signatureDuration(validity)
                .getObjectRequest(g -> g.bucket(bucket()).key(checked))).url().toString());
    }

    /**
     * Starts a multipart upload.
     *
     * @param contentType MIME type of the final object, {@code null} for octet-stream
     * @return the upload id to pass to the other multipart methods
     */
    public String createMultipartUpload(String key, String contentType) {
        return client.createMultipartUpload(b -> b.bucket(bucket()).key(checkKey(key))
                .contentType(orDefault(contentType))).uploadId();
    }

    /**
     * Uploads one part. Every part but the last must be at least {@link #MIN_PART_SIZE}
     * bytes; a retried part number replaces the earlier upload.
     *
     * @return the part with the entity tag needed by {@link #completeMultipartUpload}
     */
    public UploadedPart uploadPart(String key, String uploadId, int partNumber, byte[] bytes) {
        Objects.requireNonNull(uploadId, "uploadId");
        Objects.requireNonNull(bytes, "bytes");
        if (partNumber < 1 || partNumber > 10_000) {
            throw new IllegalArgumentException("part number " + partNumber + " not in 1..10000");
        }
        String eTag = client.uploadPart(b -> b.bucket(bucket()).key(checkKey(key)).uploadId(uploadId)
                .partNumber(partNumber), RequestBody.fromBytes(bytes)).eTag();
        return new UploadedPart(partNumber, eTag);
    }

    /**
     * Assembles the parts into the final object.
     *
     * @param parts every uploaded part, in any order
     * @return the final object's entity tag, without quotes
     */
    public String completeMultipartUpload(String key, String uploadId, List<UploadedPart> parts) {
        Objects.requireNonNull(uploadId, "uploadId");
        List<CompletedPart> completed = parts.stream()
                .sorted(java.util.Comparator.comparingInt(UploadedPart::partNumber))
                .map(p -> CompletedPart.builder().partNumber(p.partNumber()).eTag(p.eTag()).build())
                .toList();
        return unquote(client.completeMultipartUpload(b -> b.bucket(bucket()).key(checkKey(key)).uploadId(uploadId)
                .multipartUpload(m -> m.parts(completed))).eTag());
    }

    /** Abandons a multipart upload and frees its parts. */
    public void abortMultipartUpload(String key, String uploadId) {
        Objects.requireNonNull(uploadId, "uploadId");
        client.abortMultipartUpload(b -> b.bucket(bucket()).key(checkKey(key)).uploadId(uploadId));
    }

    /**
     * Checks that the bucket is reachable with these credentials.
     *
     * @return empty when healthy, otherwise what is wrong
     */
    public Optional<String> check() {
        try {
            client.headBucket(b -> b.bucket(bucket()));
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("bucket " + bucket() + " at " + endpoint() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        presigner.close();
        client.close();
    }

    private static String checkKey(String key) {
        Objects.requireNonNull(key, "key");
        int length = key.getBytes(StandardCharsets.UTF_8).length;
        if (length == 0 || length > 1024) {
            throw new IllegalArgumentException("object key must be 1..1024 UTF-8 bytes, was " + length);
        }
        return key;
    }

    private static String orDefault(String contentType) {
        return contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType;
    }

    private static String unquote(String eTag) {
        if (eTag != null && eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")) {
            return eTag.substring(1, eTag.length() - 1);
        }
        return eTag;
    }
}
