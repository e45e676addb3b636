// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.recordings;

import java.util.List;
import java.util.UUID;

/**
 * The objects one recording owns in the bucket: the media {@code recordings/<streamId>/<id>.mp4}
 * and its fragment index {@code recordings/<streamId>/<id>.json} (what the VOD playlist is built
 * from). The recorder writes them; the retention sweeper deletes {@link #all} of them.
 */
public final class RecordingObjects {

    private RecordingObjects() {
    }

    /** The fragmented MP4. */
    public static String media(String streamId, UUID recordingId) {
        return "recordings/" + streamId + "/" + recordingId + ".mp4";
    }

    /** The fragment index next to {@code mediaKey} (its {@code .mp4} replaced by {@code .json}). */
    public static String index(String mediaKey) {
        return (mediaKey.endsWith(".mp4") ? mediaKey.substring(0, mediaKey.length() - 4) : mediaKey) + ".json";
    }

    /** Every object of the recording whose media is {@code mediaKey}. */
    public static List<String> all(String mediaKey) {
        return List.of(mediaKey, index(mediaKey));
    }
}
