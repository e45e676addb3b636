// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import java.util.Locale;

/**
 * Ranks H.264 payloads by their {@code profile-level-id} (RFC 6184 §8.1): constrained baseline
 * ({@code 42e0xx}, {@code 42c0xx}, any {@code 42} with constraint_set1) first, then baseline,
 * main ({@code 4d}), high ({@code 64}); other profiles (High 10, 4:2:2, 4:4:4, …) are not
 * accepted. A missing parameter means {@code 42000a} (baseline, RFC 6184 §8.1).
 */
public final class H264Profile {

    /** Rank of a profile Livepipe does not accept. */
    public static final int UNUSABLE = Integer.MAX_VALUE;

    private H264Profile() {
    }

    /** Lower is better; {@link #UNUSABLE} for a profile we do not take or a malformed value. */
    public static int rank(String profileLevelId) {
        if (profileLevelId == null) {
            return 1;
        }
        String p = profileLevelId.toLowerCase(Locale.ROOT);
        if (p.length() != 6 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return UNUSABLE;
        }
        int profileIdc = Integer.parseInt(p.substring(0, 2), 16);
        int iop = Integer.parseInt(p.substring(2, 4), 16);
        return switch (profileIdc) {
            case 0x42 -> (iop & 0x40) != 0 ? 0 : 1;
            case 0x4d -> 2;
            case 0x64 -> 3;
            default -> UNUSABLE;
        };
    }
}
