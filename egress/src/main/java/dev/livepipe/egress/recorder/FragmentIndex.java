// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Where everything is in a recording's fragmented MP4: the init segments ({@code ftyp}+{@code moov};
 * more than one only if a reconnecting publisher changed codec parameters) and every media fragment
 * ({@code moof}+{@code mdat}) with its byte range, duration and the init it needs. Enough to serve
 * the recording as an HLS VOD playlist with byte ranges ({@link VodPlaylist}). Immutable.
 *
 * @param inits     the init segments in file order
 * @param fragments the media fragments in file order
 * @param ended     whether the broadcast ended normally (false while recording or when recovered
 *                  after a crash)
 */
public record FragmentIndex(List<Init> inits, List<Fragment> fragments, boolean ended) {

    /** An init segment at {@code offset}, {@code size} bytes long. */
    public record Init(long offset, long size) {
    }

    /**
     * One media fragment.
     *
     * @param offset         where its {@code moof} starts
     * @param size           bytes of {@code moof}+{@code mdat}
     * @param durationMicros its media duration
     * @param init           the index in {@link #inits()} of the init segment it needs
     */
    public record Fragment(long offset, long size, long durationMicros, int init) {
    }

    public FragmentIndex {
        inits = List.copyOf(inits);
        fragments = List.copyOf(fragments);
    }

    /** Bytes covered: the end of the last init or fragment. */
    public long bytes() {
        long end = 0;
        for (Init i : inits) {
            end = Math.max(end, i.offset() + i.size());
        }
        for (Fragment f : fragments) {
            end = Math.max(end, f.offset() + f.size());
        }
        return end;
    }

    /** The sum of the fragments' durations. */
    public long durationMicros() {
        long d = 0;
        for (Fragment f : fragments) {
            d += f.durationMicros();
        }
        return d;
    }

    /** The same index with {@code ended} set. */
    public FragmentIndex withEnded(boolean e) {
        return new FragmentIndex(inits, fragments, e);
    }

    /** The JSON form stored next to the recording ({@code version} 1). */
    public JsonObject toJson() {
        JsonArray is = new JsonArray();
        for (Init i : inits) {
            is.add(new JsonObject().put("offset", i.offset()).put("size", i.size()));
        }
        JsonArray fs = new JsonArray();
        for (Fragment f : fragments) {
            fs.add(new JsonObject().put("offset", f.offset()).put("size", f.size())
                    .put("durationMicros", f.durationMicros()).put("init", f.init()));
        }
        return new JsonObject().put("version", 1).put("bytes", bytes()).put("durationMillis", durationMicros() / 1000)
                .put("ended", ended).put("inits", is).put("fragments", fs);
    }

    /**
     * Reads the JSON form.
     *
     * @throws IllegalArgumentException if it is not a version-1 index
     */
    public static FragmentIndex fromJson(JsonObject json) {
        try {
            if (json.getInteger("version", 0) != 1) {
                throw new IllegalArgumentException("not a version-1 fragment index");
            }
            List<Init> is = json.getJsonArray("inits").stream().map(o -> (JsonObject) o)
                    .map(o -> new Init(o.getLong("offset"), o.getLong("size"))).toList();
            List<Fragment> fs = json.getJsonArray("fragments").stream().map(o -> (JsonObject) o)
                    .map(o -> new Fragment(o.getLong("offset"), o.getLong("size"), o.getLong("durationMicros"),
                            o.getInteger("init"))).toList();
            return new FragmentIndex(is, fs, json.getBoolean("ended", false));
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("malformed fragment index", e);
        }
    }
}
