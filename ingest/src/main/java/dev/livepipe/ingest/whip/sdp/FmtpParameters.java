// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Splits format parameters {@code a=b;c=d} (RFC 8866 §6.15) into an ordered map. */
public final class FmtpParameters {

    private FmtpParameters() {
    }

    /**
     * Parses {@code fmtp} into lower-case keys and trimmed values; a parameter without {@code =}
     * maps to the empty string. Never throws.
     */
    public static Map<String, String> parse(String fmtp) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : fmtp.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String key = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            out.putIfAbsent(key, eq < 0 ? "" : p.substring(eq + 1).trim());
        }
        return out;
    }
}
