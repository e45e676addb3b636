// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import java.util.List;
import java.util.Optional;

/**
 * A parsed SDP offer (RFC 8866), immutable. Produced by {@link SdpParser}; consumed by
 * {@link Negotiation} and {@link SdpAnswer}. Safe to share between threads.
 *
 * @param iceUfrag         session-level {@code a=ice-ufrag} (RFC 8839 §5.4)
 * @param icePwd           session-level {@code a=ice-pwd}
 * @param iceOptions       session-level {@code a=ice-options} (e.g. {@code trickle})
 * @param iceLite          {@code a=ice-lite} (RFC 8839 §5.3)
 * @param fingerprint      session-level {@code a=fingerprint} (RFC 8122 §5)
 * @param setup            session-level {@code a=setup} (RFC 8842 §5)
 * @param bundleGroups     each {@code a=group:BUNDLE} as its list of mids (RFC 8843 §7)
 * @param extmapAllowMixed {@code a=extmap-allow-mixed} (RFC 8285 §6)
 * @param media            the m-sections in order
 */
public record SdpOffer(Optional<String> iceUfrag, Optional<String> icePwd, List<String> iceOptions, boolean iceLite,
                       Optional<Fingerprint> fingerprint, Optional<SetupRole> setup, List<List<String>> bundleGroups,
                       boolean extmapAllowMixed, List<MediaSection> media) {

    /** Copies the lists. */
    public SdpOffer {
        iceOptions = List.copyOf(iceOptions);
        bundleGroups = bundleGroups.stream().map(List::copyOf).toList();
        media = List.copyOf(media);
    }

    /** The ice-ufrag in force for a section: its own, else the session's. */
    public Optional<String> iceUfrag(MediaSection m) {
        return m.iceUfrag().or(() -> iceUfrag);
    }

    /** The ice-pwd in force for a section. */
    public Optional<String> icePwd(MediaSection m) {
        return m.icePwd().or(() -> icePwd);
    }

    /** The fingerprint in force for a section. */
    public Optional<Fingerprint> fingerprint(MediaSection m) {
        return m.fingerprint().or(() -> fingerprint);
    }

    /** The setup role in force for a section. */
    public Optional<SetupRole> setup(MediaSection m) {
        return m.setup().or(() -> setup);
    }

    /** The ice-options in force for a section. */
    public List<String> iceOptions(MediaSection m) {
        return m.iceOptions().isEmpty() ? iceOptions : m.iceOptions();
    }

    /** The BUNDLE group holding {@code mid}, if any. */
    public Optional<List<String>> bundleGroupOf(String mid) {
        return bundleGroups.stream().filter(g -> g.contains(mid)).findFirst();
    }
}
