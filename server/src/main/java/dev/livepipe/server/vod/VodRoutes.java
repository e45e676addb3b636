// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.vod;

import dev.livepipe.egress.recorder.FragmentIndex;
import dev.livepipe.storage.recordings.RecordingObjects;
import dev.livepipe.egress.recorder.VodPlaylist;
import dev.livepipe.storage.recordings.RecordingInfo;
import dev.livepipe.storage.recordings.RecordingRepository;
import dev.livepipe.storage.recordings.RecordingStatus;
import dev.livepipe.storage.s3.ObjectStore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * Recordings as HLS VOD, served from S3 through Livepipe so that viewers never need to reach the
 * object store: {@code GET /vod/{recordingId}/index.m3u8} renders the playlist (EXT-X-MAP and
 * EXT-X-BYTERANGE over the recorded fragmented MP4, from the fragment index the recorder stored
 * beside it) and {@code GET /vod/{recordingId}/media.mp4} answers byte ranges of the MP4.
 * The recording id (a random UUID) is the capability; keys never appear.
 *
 * <p>Threading: handlers on the event loop; JDBC and S3 on worker threads.
 */
public final class VodRoutes {

    /** The most one range response carries; clients continue from Content-Range. */
    static final long MAX_RANGE = 8L << 20;
    private static final String MEDIA = "media.mp4";

    private final Vertx vertx;
    private final RecordingRepository recordings;
    private final ObjectStore objects;

    public VodRoutes(Vertx vertx, RecordingRepository recordings, ObjectStore objects) {
        this.vertx = vertx;
        this.recordings = recordings;
        this.objects = objects;
    }

    /** Adds the routes. */
    public void mount(Router router) {
        router.route("/vod/*").handler(ctx -> {
            ctx.response().putHeader("Access-Control-Allow-Origin", "*")
                    .putHeader("Access-Control-Expose-Headers", "Content-Length, Content-Range, Accept-Ranges");
            if (ctx.request().method().name().equals("OPTIONS")) {
                ctx.response().putHeader("Access-Control-Allow-Headers", "Range").setStatusCode(204).end();
            } else {
                ctx.next();
            }
        });
        router.get("/vod/:id/index.m3u8").handler(this::playlist);
        router.get("/vod/:id/" + MEDIA).handler(this::media);
        router.head("/vod/:id/" + MEDIA).handler(this::media);
    }

    /** Blocking: a stored (complete or interrupted) recording. */
    private Optional<RecordingInfo> stored(UUID id) {
        return recordings.get(id).filter(r -> r.status() == RecordingStatus.COMPLETE
                || r.status() == RecordingStatus.INTERRUPTED);
    }

    private static UUID id(RoutingContext ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            notFound(ctx);
            return null;
        }
    }

    private void playlist(RoutingContext ctx) {
        UUID id = id(ctx);
        if (id == null) {
            return;
        }
        vertx.executeBlocking(() -> stored(id).flatMap(r -> objects.get(RecordingObjects.index(r.objectKey())))
                .map(json -> VodPlaylist.render(FragmentIndex.fromJson(
                        new JsonObject(new String(json, StandardCharsets.UTF_8))), MEDIA)), false)
                .onSuccess(text -> {
                    if (text.isEmpty()) {
                        notFound(ctx);
                    } else {
                        ctx.response().putHeader("Content-Type", "application/vnd.apple.mpegurl")
                                .putHeader("Cache-Control", "max-age=60").end(text.get());
                    }
                }).onFailure(ctx::fail);
    }

    private void media(RoutingContext ctx) {
        UUID id = id(ctx);
        if (id == null) {
            return;
        }
        String rangeHeader = ctx.request().getHeader("Range");
        boolean head = ctx.request().method().name().equals("HEAD");
        vertx.executeBlocking(() -> {
            Optional<RecordingInfo> r = stored(id);
            if (r.isEmpty()) {
                return null;
            }
            long size = r.get().bytes();
            ByteRange range;
            try {
                range = ByteRange.parse(rangeHeader, size, MAX_RANGE);
            } catch (IllegalStateException unsatisfiable) {
                return new Part(416, size, null, null);
            }
            if (range == null) {
                range = new ByteRange(0, Math.min(size, MAX_RANGE) - 1); // whole file: first chunk only
                if (size > MAX_RANGE) {
                    return new Part(206, size, range, head ? null : read(r.get(), range));
                }
                return new Part(200, size, range, head ? null : read(r.get(), range));
            }
            return new Part(206, size, range, head ? null : read(r.get(), range));
        }, false).onSuccess(part -> {
            if (part == null) {
                notFound(ctx);
                return;
            }
            var res = ctx.response().putHeader("Accept-Ranges", "bytes").putHeader("Content-Type", "video/mp4")
                    .putHeader("Cache-Control", "max-age=3600");
            if (part.status() == 416) {
                res.setStatusCode(416).putHeader("Content-Range", "bytes */" + part.size()).end();
                return;
            }
            res.setStatusCode(part.status()).putHeader("Content-Length", Long.toString(part.range().length()));
            if (part.status() == 206) {
                res.putHeader("Content-Range", "bytes " + part.range().first() + "-" + part.range().last()
                        + "/" + part.size());
            }
            res.end(part.bytes() == null ? Buffer.buffer() : Buffer.buffer(part.bytes()));
        }).onFailure(ctx::fail);
    }

    private byte[] read(RecordingInfo r, ByteRange range) {
        return objects.getRange(r.objectKey(), range.first(), range.last())
                .orElseThrow(() -> new IllegalStateException("recording object " + r.id() + " is missing"));
    }

    /** What to answer to a media request. */
    private record Part(int status, long size, ByteRange range, byte[] bytes) {
    }

    private static void notFound(RoutingContext ctx) {
        ctx.response().setStatusCode(404).putHeader("Cache-Control", "no-cache").end("no such recording\n");
    }
}
