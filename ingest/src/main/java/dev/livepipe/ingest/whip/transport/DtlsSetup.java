// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import java.util.Locale;

/**
 * The offer's {@code a=setup} attribute (RFC 4145 §4, RFC 5763 §5): which side opens the DTLS
 * association. A WHIP offer normally says {@code actpass}; the answer then says {@code passive}
 * and Livepipe is the DTLS server. Immutable.
 */
public enum DtlsSetup {
    ACTPASS, ACTIVE, PASSIVE, HOLDCONN;

    /** Parses the attribute value ({@code actpass}, {@code active}, ...), case-insensitively. */
    public static DtlsSetup parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "actpass" -> ACTPASS;
            case "active" -> ACTIVE;
            case "passive" -> PASSIVE;
            case "holdconn" -> HOLDCONN;
            default -> throw new IllegalArgumentException("unknown a=setup value: " + value);
        };
    }

    /**
     * Our DTLS role for an offer with this setup (RFC 5763 §5): server for {@code actpass} and
     * {@code active}, client for {@code passive}; {@code holdconn} cannot carry media.
     */
    public DtlsRole answererRole() {
        return switch (this) {
            case ACTPASS, ACTIVE -> DtlsRole.SERVER;
            case PASSIVE -> DtlsRole.CLIENT;
            case HOLDCONN -> throw new IllegalArgumentException("a=setup:holdconn cannot carry media");
        };
    }
}
