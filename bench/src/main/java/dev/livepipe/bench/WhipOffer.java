// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import dev.livepipe.ingest.whip.transport.Fingerprint;
import dev.livepipe.ingest.whip.transport.IceCandidate;
import dev.livepipe.ingest.whip.transport.RemoteIce;
import java.util.ArrayList;
import java.util.List;

/**
 * The load client's SDP: a browser-like sendonly offer (BUNDLE of Opus {@value #OPUS_PT} and
 * H.264 {@value #H264_PT} packetization-mode 1 {@code 42e01f}, rtcp-mux, NACK/PLI feedback,
 * {@code setup:actpass}, the peer's host candidate, no trickle), and the few answer values the
 * peer needs to connect.
 */
final class WhipOffer {

    static final int OPUS_PT = 111;
    static final int H264_PT = 102;

    /** What the answer says about the server's transport. */
    record Answer(String ufrag, String password, Fingerprint fingerprint, List<IceCandidate> candidates) {
    }

    private WhipOffer() {
    }

    static String offer(RemoteIce ice, Fingerprint fingerprint, long audioSsrc, long videoSsrc) {
        StringBuilder b = new StringBuilder();
        line(b, "v=0");
        line(b, "o=- " + System.nanoTime() + " 2 IN IP4 127.0.0.1");
        line(b, "s=-");
        line(b, "t=0 0");
        line(b, "a=group:BUNDLE 0 1");
        line(b, "a=msid-semantic: WMS");
        media(b, "audio", OPUS_PT, "0", ice, fingerprint, List.of(
                "a=rtpmap:" + OPUS_PT + " opus/48000/2",
                "a=fmtp:" + OPUS_PT + " minptime=10;useinbandfec=1"), audioSsrc);
        media(b, "video", H264_PT, "1", ice, fingerprint, List.of(
                "a=rtpmap:" + H264_PT + " H264/90000",
                "a=rtcp-fb:" + H264_PT + " nack",
                "a=rtcp-fb:" + H264_PT + " nack pli",
                "a=fmtp:" + H264_PT + " level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"), videoSsrc);
        return b.toString();
    }

    private static void media(StringBuilder b, String kind, int pt, String mid, RemoteIce ice, Fingerprint fp,
                              List<String> formats, long ssrc) {
        line(b, "m=" + kind + " 9 UDP/TLS/RTP/SAVPF " + pt);
        line(b, "c=IN IP4 0.0.0.0");
        line(b, "a=rtcp:9 IN IP4 0.0.0.0");
        for (IceCandidate c : ice.candidates()) {
            line(b, "a=" + c.toSdpValue());
        }
        line(b, "a=end-of-candidates");
        line(b, "a=ice-ufrag:" + ice.ufrag());
        line(b, "a=ice-pwd:" + ice.password());
        line(b, "a=fingerprint:" + fp.toSdpValue());
        line(b, "a=setup:actpass");
        line(b, "a=mid:" + mid);
        line(b, "a=sendonly");
        line(b, "a=msid:- load-" + kind);
        line(b, "a=rtcp-mux");
        formats.forEach(f -> line(b, f));
        line(b, "a=ssrc:" + ssrc + " cname:livepipe-load");
        line(b, "a=ssrc:" + ssrc + " msid:- load-" + kind);
    }

    static Answer parseAnswer(String sdp) {
        String ufrag = null;
        String pwd = null;
        Fingerprint fp = null;
        List<IceCandidate> cands = new ArrayList<>();
        for (String raw : sdp.split("\r?\n")) {
            String l = raw.strip();
            if (l.startsWith("a=ice-ufrag:") && ufrag == null) {
                ufrag = l.substring(12);
            } else if (l.startsWith("a=ice-pwd:") && pwd == null) {
                pwd = l.substring(10);
            } else if (l.startsWith("a=fingerprint:") && fp == null) {
                fp = Fingerprint.parse(l.substring(14));
            } else if (l.startsWith("a=candidate:")) {
                IceCandidate c = IceCandidate.parse(l.substring(2));
                if (cands.stream().noneMatch(x -> x.toSdpValue().equals(c.toSdpValue()))) {
                    cands.add(c);
                }
            }
        }
        if (ufrag == null || pwd == null || fp == null || cands.isEmpty()) {
            throw new IllegalStateException("answer lacks ICE or fingerprint:\n" + sdp);
        }
        return new Answer(ufrag, pwd, fp, cands);
    }

    private static void line(StringBuilder b, String l) {
        b.append(l).append("\r\n");
    }
}
