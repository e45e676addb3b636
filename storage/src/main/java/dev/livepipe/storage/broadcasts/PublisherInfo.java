// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.broadcasts;

/**
 * Who publishes a broadcast, as far as the ingest edge can tell. Any part may be
 * {@code null}; values are cut to the column lengths when stored. Immutable.
 *
 * @param protocol ingest protocol, e.g. {@code rtmp} or {@code whip}
 * @param address  remote address, e.g. {@code 192.0.2.7:53122}
 * @param software what the publisher calls itself, e.g. an RTMP {@code flashVer}
 */
public record PublisherInfo(String protocol, String address, String software) {

    /** Nothing known. */
    public static final PublisherInfo UNKNOWN = new PublisherInfo(null, null, null);
}
