// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.api;

import dev.livepipe.server.auth.AdminAuth;
import dev.livepipe.storage.audit.AuditLog;
import dev.livepipe.storage.recordings.RecordingFilter;
import dev.livepipe.storage.recordings.RecordingInfo;
import dev.livepipe.storage.recordings.RecordingRepository;
import dev.livepipe.storage.recordings.RecordingStatus;
import dev.livepipe.storage.s3.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The admin recordings API: {@code GET /api/recordings} (filters {@code stream}, {@code status},
 * {@code expiringBefore}, {@code limit}), {@code GET /api/recordings/{id}} with a presigned
 * {@code downloadUrl} and the {@code vodUrl}, {@code PATCH /api/recordings/{id}} to override
 * {@code expiresAt} or set {@code legalHold} (audited), {@code DELETE /api/recordings/{id}} to
 * delete it now (409 under legal hold or while recording).
 *
 * <p>Threading: handlers on the event loop; JDBC and S3 presigning on worker threads.
 */
public final class RecordingsApi {

    /** How long a download link stays valid. */
    static final Duration DOWNLOAD_VALIDITY = Duration.ofHours(1);

    private final Vertx vertx;
    private final RecordingRepository recordings;
    private final ObjectStore objects;
    private final AuditLog audit;
    private final PublicUrls urls;
    private final Supplier<Future<?>> sweepNow;

    /**
     * @param sweepNow runs one retention sweep (used by "delete now": expire, then sweep, so the
     *                 deletion follows the one audited, idempotent path)
     */
    public RecordingsApi(Vertx vertx, RecordingRepository recordings, ObjectStore objects, AuditLog audit,
                         PublicUrls urls, Supplier<Future<?>> sweepNow) {
        this.vertx = vertx;
        this.recordings = recordings;
        this.objects = objects;
        this.audit = audit;
        this.urls = urls;
        this.sweepNow = sweepNow;
    }

    /** Adds the routes (behind the admin guard and the body handler). */
    public void mount(Router router) {
        router.get("/api/recordings").handler(this::list);
        router.get("/api/recordings/:id").handler(this::get);
        router.patch("/api/recordings/:id").handler(this::patch);
        router.delete("/api/recordings/:id").handler(this::deleteNow);
    }

    /** "Delete now": expires the recording at once and sweeps; refused while under legal hold. */
    private void deleteNow(RoutingContext ctx) {
        UUID id = QueryParams.uuidPath(ctx, "id", "recording");
        if (id == null) {
            return;
        }
        String actor = ctx.get(AdminAuth.ACTOR);
        vertx.executeBlocking(() -> {
            Optional<RecordingInfo> found = recordings.get(id);
            if (found.isEmpty() || found.get().status() == RecordingStatus.DELETED) {
                return 404;
            }
            if (found.get().legalHold()) {
                return 409;
            }
            if (found.get().status() == RecordingStatus.RECORDING) {
                return 423;
            }
            recordings.patch(id, Optional.of(Instant.now()), Optional.empty());
            audit.record(actor, "recording.delete_requested", "recording", id.toString(), null);
            return 202;
        }, false).compose(status -> status == 202
                ? sweepNow.get().compose(x -> vertx.executeBlocking(() -> recordings.get(id)
                        .map(r -> r.status() == RecordingStatus.DELETED ? 204 : 500).orElse(404), false))
                : Future.succeededFuture(status))
                .onSuccess(status -> {
                    switch (status) {
                        case 204 -> ctx.response().setStatusCode(204).end();
                        case 404 -> ApiErrors.reply(ctx, 404, "no recording " + id);
                        case 409 -> ApiErrors.reply(ctx, 409, "recording " + id + " is under legal hold");
                        case 423 -> ApiErrors.reply(ctx, 409, "recording " + id + " is still recording");
                        default -> ApiErrors.reply(ctx, 500, "the recording could not be deleted; it stays expired and the next sweep retries");
                    }
                }).onFailure(e -> ApiErrors.internal(ctx, e));
    }

    private void list(RoutingContext ctx) {
        RecordingFilter filter = RecordingFilter.all();
        String stream = ctx.request().getParam("stream");
        if (stream != null && !stream.isBlank()) {
            filter = filter.withStream(stream);
        }
        String status = ctx.request().getParam("status");
        if (status != null && !status.isBlank()) {
            try {
                filter = filter.withStatus(RecordingStatus.fromDb(status));
            } catch (IllegalArgumentException e) {
                ApiErrors.reply(ctx, 400, "status must be one of recording, complete, interrupted, failed, deleted");
                return;
            }
        }
        Optional<Instant> before = QueryParams.instant(ctx, "expiringBefore");
        if (before == null) {
            return;
        }
        if (before.isPresent()) {
            filter = filter.withExpiresBefore(before.get());
        }
        int limit = QueryParams.limit(ctx, RecordingFilter.DEFAULT_LIMIT, RecordingFilter.MAX_LIMIT);
        if (limit < 0) {
            return;
        }
        RecordingFilter query = filter.withLimit(limit);
        vertx.executeBlocking(() -> recordings.list(query), false).onSuccess(found -> {
            JsonArray out = new JsonArray();
            found.forEach(r -> out.add(RecordingJson.of(r)));
            ctx.json(out);
        }).onFailure(e -> ApiErrors.internal(ctx, e));
    }

    private void get(RoutingContext ctx) {
        UUID id = QueryParams.uuidPath(ctx, "id", "recording");
        if (id == null) {
            return;
        }
        vertx.executeBlocking(() -> recordings.get(id).map(this::detail), false).onSuccess(found -> {
            if (found.isEmpty()) {
                ApiErrors.reply(ctx, 404, "no recording " + id);
            } else {
                JsonObject json = found.get();
                json.put("vodUrl", urls.httpBase(ctx.request()) + "/vod/" + id + "/index.m3u8");
                ctx.json(json);
            }
        }).onFailure(e -> ApiErrors.internal(ctx, e));
    }

    /** Blocking: presigns the download link of a stored recording. */
    private JsonObject detail(RecordingInfo r) {
        JsonObject json = RecordingJson.of(r);
        boolean stored = r.status() == RecordingStatus.COMPLETE || r.status() == RecordingStatus.INTERRUPTED;
        json.put("downloadUrl", stored ? objects.presignGet(r.objectKey(), DOWNLOAD_VALIDITY).toString() : null);
        return json;
    }

    private void patch(RoutingContext ctx) {
        UUID id = QueryParams.uuidPath(ctx, "id", "recording");
        JsonObject body = id == null ? null : JsonBodies.object(ctx);
        if (body == null) {
            return;
        }
        Optional<Instant> expiresAt = Optional.empty();
        Optional<Boolean> legalHold = Optional.empty();
        if (body.containsKey("expiresAt")) {
            try {
                expiresAt = Optional.of(Instant.parse(body.getString("expiresAt")));
            } catch (ClassCastException | NullPointerException | DateTimeParseException e) {
                ApiErrors.reply(ctx, 400, "expiresAt must be an ISO-8601 instant");
                return;
            }
        }
        if (body.containsKey("legalHold")) {
            if (!(body.getValue("legalHold") instanceof Boolean hold)) {
                ApiErrors.reply(ctx, 400, "legalHold must be true or false");
                return;
            }
            legalHold = Optional.of(hold);
        }
        if (expiresAt.isEmpty() && legalHold.isEmpty()) {
            ApiErrors.reply(ctx, 400, "send expiresAt and/or legalHold");
            return;
        }
        Optional<Instant> newExpiry = expiresAt;
        Optional<Boolean> newHold = legalHold;
        String actor = ctx.get(AdminAuth.ACTOR);
        vertx.executeBlocking(() -> {
            Optional<RecordingInfo> changed = recordings.patch(id, newExpiry, newHold);
            changed.ifPresent(r -> audit.record(actor, "recording.updated", "recording", id.toString(),
                    body.encode()));
            return changed;
        }, false).onSuccess(changed -> {
            if (changed.isEmpty()) {
                ApiErrors.reply(ctx, 404, "no recording " + id + " (or it was deleted)");
            } else {
                ctx.json(RecordingJson.of(changed.get()));
            }
        }).onFailure(e -> ApiErrors.internal(ctx, e));
    }
}
