// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

/**
 * Who is publishing: shown in ingest stats, never containing the stream key.
 *
 * @param protocol      "rtmp", "rtmps" or "whip"
 * @param remoteAddress the publisher's address and port
 * @param software      the encoder software as the publisher reported it (may be empty)
 */
public record PublisherInfo(String protocol, String remoteAddress, String software) {

    /** The same publisher with the software name it reported later (RTMP onMetaData). */
    public PublisherInfo withSoftware(String newSoftware) {
        return new PublisherInfo(protocol, remoteAddress, newSoftware == null ? "" : newSoftware);
    }
}
