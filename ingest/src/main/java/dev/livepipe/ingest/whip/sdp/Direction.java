// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import java.util.Optional;

/** Media direction attributes of RFC 8866 §6.7, as seen by the side that wrote them. */
public enum Direction {
    SENDRECV("sendrecv"), SENDONLY("sendonly"), RECVONLY("recvonly"), INACTIVE("inactive");

    private final String attribute;

    Direction(String attribute) {
        this.attribute = attribute;
    }

    /** The attribute name, e.g. {@code sendonly}. */
    public String attribute() {
        return attribute;
    }

    /** True if the writer of this direction sends media. */
    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    /** The direction for an attribute name, if it is one. */
    public static Optional<Direction> of(String attribute) {
        for (Direction d : values()) {
            if (d.attribute.equals(attribute)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
