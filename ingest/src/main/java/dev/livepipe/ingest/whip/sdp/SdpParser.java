// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses an SDP offer (RFC 8866) into an {@link SdpOffer}, bounded by {@link SdpLimits} before
 * anything is allocated per line or per section.
 *
 * <p>Accepted syntax: lines {@code <type>=<value>} separated by CRLF or LF (RFC 8866 §5 asks for
 * CRLF; LF is tolerated as the RFC recommends), the first one {@code v=0}, empty lines ignored.
 * Unknown attributes and line types are skipped; the attributes WHIP needs are validated and a
 * malformed one is an {@link SdpException}. Mids must be unique (RFC 8843 §15.1).
 *
 * <p>Threading: stateless apart from its limits; safe to share. Parsing a 64 KiB offer takes
 * well under a millisecond, so it runs on the event loop.
 */
public final class SdpParser {

    private final SdpLimits limits;

    /** A parser with the given bounds. */
    public SdpParser(SdpLimits limits) {
        this.limits = limits;
    }

    /** Parses with {@link SdpLimits#DEFAULT}. */
    public static SdpOffer parseOffer(String sdp) {
        return new SdpParser(SdpLimits.DEFAULT).parse(sdp);
    }

    /**
     * Parses one offer.
     *
     * @throws SdpException if the text is malformed or over a limit
     */
    public SdpOffer parse(String sdp) {
        if (sdp.length() > limits.maxChars()) {
            throw new SdpException("SDP longer than " + limits.maxChars() + " characters");
        }
        Session s = new Session();
        List<MediaSectionBuilder> media = new ArrayList<>();
        SdpLines lines = new SdpLines(sdp, limits);
        boolean first = true;
        while (lines.next()) {
            char type = lines.type();
            String value = lines.value();
            if (first) {
                if (type != 'v' || !value.equals("0")) {
                    throw new SdpException("SDP must start with v=0 (RFC 8866 §5.1)");
                }
                first = false;
                continue;
            }
            if (type == 'm') {
                if (media.size() >= limits.maxMediaSections()) {
                    throw new SdpException("more than " + limits.maxMediaSections() + " m= sections");
                }
                media.add(new MediaSectionBuilder(media.size(), value));
            } else if (type == 'a') {
                int colon = value.indexOf(':');
                String name = colon < 0 ? value : value.substring(0, colon);
                String attr = colon < 0 ? "" : value.substring(colon + 1);
                if (media.isEmpty()) {
                    s.attribute(name, attr);
                } else {
                    media.getLast().attribute(name, attr);
                }
            }
        }
        if (first) {
            throw new SdpException("empty SDP");
        }
        if (media.isEmpty()) {
            throw new SdpException("SDP has no m= section");
        }
        Set<String> mids = new HashSet<>();
        List<MediaSection> sections = new ArrayList<>(media.size());
        for (MediaSectionBuilder b : media) {
            if (b.mid() != null && !mids.add(b.mid())) {
                throw new SdpException("duplicate a=mid (RFC 8843 §15.1)");
            }
            sections.add(b.build(s.direction));
        }
        return new SdpOffer(Optional.ofNullable(s.iceUfrag), Optional.ofNullable(s.icePwd), s.iceOptions, s.iceLite,
                Optional.ofNullable(s.fingerprint), Optional.ofNullable(s.setup), s.bundleGroups,
                s.extmapAllowMixed, sections);
    }

    /** Session-level attributes. */
    private static final class Session {
        String iceUfrag;
        String icePwd;
        final List<String> iceOptions = new ArrayList<>();
        boolean iceLite;
        Fingerprint fingerprint;
        SetupRole setup;
        final List<List<String>> bundleGroups = new ArrayList<>();
        boolean extmapAllowMixed;
        Direction direction = Direction.SENDRECV;

        void attribute(String name, String value) {
            switch (name) {
                case "ice-ufrag" -> iceUfrag = value;
                case "ice-pwd" -> icePwd = value;
                case "ice-options" -> iceOptions.addAll(List.of(SdpText.fields(value)));
                case "ice-lite" -> iceLite = true;
                case "fingerprint" -> fingerprint = Fingerprint.parse(value);
                case "setup" -> setup = SetupRole.parse(value);
                case "extmap-allow-mixed" -> extmapAllowMixed = true;
                case "group" -> {
                    String[] f = SdpText.fields(value);
                    if (f[0].equals("BUNDLE")) {
                        bundleGroups.add(List.of(f).subList(1, f.length));
                    }
                }
                default -> Direction.of(name).ifPresent(d -> direction = d);
            }
        }
    }
}
