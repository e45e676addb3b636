// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transcode;

/** An FFmpeg call failed while transcoding (the message names the call and FFmpeg's error). */
public final class TranscodeException extends RuntimeException {

    public TranscodeException(String message) {
        super(message);
    }
}
