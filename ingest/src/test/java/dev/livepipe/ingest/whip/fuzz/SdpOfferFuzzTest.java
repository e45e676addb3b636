// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.livepipe.ingest.whip.sdp.Fingerprint;
import dev.livepipe.ingest.whip.sdp.IceCandidate;
import dev.livepipe.ingest.whip.sdp.LocalTransport;
import dev.livepipe.ingest.whip.sdp.Negotiated;
import dev.livepipe.ingest.whip.sdp.Negotiation;
import dev.livepipe.ingest.whip.sdp.SdpAnswer;
import dev.livepipe.ingest.whip.sdp.SdpException;
import dev.livepipe.ingest.whip.sdp.SdpLimits;
import dev.livepipe.ingest.whip.sdp.SdpOffer;
import dev.livepipe.ingest.whip.sdp.SdpParser;
import dev.livepipe.ingest.whip.sdp.TrickleFragment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Feeds arbitrary bytes, as a WHIP POST body, through everything the signaling does with them:
 * the SDP parser, the negotiation, the answer writer, and the trickle sdpfrag parser. The only
 * acceptable failure is {@link SdpException} (which includes the 406 case); anything else is a
 * bug. Property: an answer Livepipe writes must parse again, with the same number of m-sections.
 *
 * <p>Regression mode ({@code mvn test}) runs the seeds in
 * {@code src/test/resources/dev/livepipe/ingest/whip/fuzz/SdpOfferFuzzTestInputs/sdpOffer};
 * with {@code JAZZER_FUZZ=1} it fuzzes for the given duration (see ingest/pom.xml).
 */
class SdpOfferFuzzTest {

    private static final LocalTransport LOCAL = new LocalTransport("fuzz", "fuzzfuzzfuzzfuzzfuzzfuzz",
            Fingerprint.sha256(new byte[32]),
            List.of(IceCandidate.local("1", "udp", 2130706431L, "192.0.2.1", 5000, "host", Optional.empty())));

    @FuzzTest(maxDuration = "20s")
    void sdpOffer(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            TrickleFragment.parse(text, SdpLimits.DEFAULT);
        } catch (SdpException expected) {
            // fine
        }
        SdpOffer offer;
        Negotiated negotiated;
        try {
            offer = SdpParser.parseOffer(text);
            negotiated = Negotiation.negotiate(offer);
        } catch (SdpException expected) {
            return;
        }
        String answer = SdpAnswer.write(offer, negotiated, LOCAL, true, 1);
        SdpOffer back;
        try {
            back = SdpParser.parseOffer(answer);
        } catch (SdpException e) {
            throw new AssertionError("our answer does not parse: " + e.getMessage() + "\n" + answer, e);
        }
        if (back.media().size() != offer.media().size()) {
            throw new AssertionError("answer has " + back.media().size() + " m-sections, offer "
                    + offer.media().size());
        }
    }
}
