// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

/**
 * The {@code a=setup} attribute (RFC 8842 §5, RFC 4145 §4): who opens the DTLS association.
 * {@code active} is the DTLS client, {@code passive} the DTLS server.
 */
public enum SetupRole {
    ACTPASS("actpass"), ACTIVE("active"), PASSIVE("passive");

    private final String attribute;

    SetupRole(String attribute) {
        this.attribute = attribute;
    }

    /** The attribute value, e.g. {@code passive}. */
    public String attribute() {
        return attribute;
    }

    /**
     * Our role in the answer given the offerer's (RFC 8842 §5.1): {@code actpass} or
     * {@code active} → {@code passive} (we are the DTLS server); {@code passive} → {@code active}
     * (we are the DTLS client).
     */
    public SetupRole answerTo() {
        return this == PASSIVE ? ACTIVE : PASSIVE;
    }

    /** Parses {@code actpass|active|passive}; {@code holdconn} and anything else are refused. */
    public static SetupRole parse(String value) {
        for (SetupRole r : values()) {
            if (r.attribute.equals(value)) {
                return r;
            }
        }
        throw new SdpException("unsupported a=setup value (RFC 8842 §5: actpass, active or passive)");
    }
}
