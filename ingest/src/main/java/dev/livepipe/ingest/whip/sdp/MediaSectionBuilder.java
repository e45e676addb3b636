// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Collects the attributes of one m-section while {@link SdpParser} reads it; package-private. */
final class MediaSectionBuilder {

    private static final int MAX_FEEDBACK_PER_PAYLOAD = 16;

    private final int index;
    private final String kind;
    private final int port;
    private final String proto;
    private final List<String> formats;
    private final boolean rtp;
    private final Map<Integer, String[]> rtpmaps = new LinkedHashMap<>();
    private final Map<Integer, String> fmtps = new LinkedHashMap<>();
    private final Map<Integer, List<String>> feedback = new LinkedHashMap<>();
    private final List<String> wildcardFeedback = new ArrayList<>();
    private final List<Extmap> extmaps = new ArrayList<>();
    private final Set<Long> ssrcs = new LinkedHashSet<>();
    private final List<SsrcGroup> ssrcGroups = new ArrayList<>();
    private final List<IceCandidate> candidates = new ArrayList<>();
    private final List<String> iceOptions = new ArrayList<>();
    private String mid;
    private Direction direction;
    private boolean endOfCandidates;
    private boolean rtcpMux;
    private boolean rtcpRsize;
    private String iceUfrag;
    private String icePwd;
    private Fingerprint fingerprint;
    private SetupRole setup;

    /** Parses the m-line value {@code <media> <port>[/<n>] <proto> <fmt>…}. */
    MediaSectionBuilder(int index, String mLine) {
        String[] f = SdpText.fields(mLine);
        if (f.length < 4) {
            throw new SdpException("malformed m= line (RFC 8866 §5.14)");
        }
        this.index = index;
        this.kind = f[0];
        String p = f[1];
        int slash = p.indexOf('/');
        this.port = SdpText.integer(slash >= 0 ? p.substring(0, slash) : p, 65535, "m= port");
        this.proto = f[2];
        if (!SdpText.visible(kind) || !SdpText.visible(proto)) {
            throw new SdpException("malformed m= line (RFC 8866 §5.14)");
        }
        this.rtp = proto.contains("RTP/");
        this.formats = List.of(f).subList(3, f.length);
        if (rtp) {
            Set<Integer> seen = new LinkedHashSet<>();
            for (String fmt : formats) {
                if (!seen.add(SdpText.integer(fmt, 127, "RTP payload type"))) {
                    throw new SdpException("payload type listed twice on an m= line");
                }
            }
        }
    }

    /** Applies one media-level attribute; returns false if it is not a media-level one we read. */
    boolean attribute(String name, String value) {
        switch (name) {
            case "mid" -> {
                if (value.isEmpty() || value.length() > 32 || !SdpText.visible(value)) {
                    throw new SdpException("bad a=mid");
                }
                mid = value;
            }
            case "rtpmap" -> rtpmap(value);
            case "fmtp" -> {
                int sp = value.indexOf(' ');
                if (sp > 0 && rtp) {
                    fmtps.putIfAbsent(SdpText.integer(value.substring(0, sp), 127, "fmtp payload type"),
                            value.substring(sp + 1).trim());
                }
            }
            case "rtcp-fb" -> rtcpFb(value);
            case "extmap" -> extmaps.add(Extmap.parse(value));
            case "ssrc" -> {
                int sp = value.indexOf(' ');
                ssrcs.add(SdpText.number(sp < 0 ? value : value.substring(0, sp), 0xFFFF_FFFFL, "ssrc"));
            }
            case "ssrc-group" -> ssrcGroup(value);
            case "candidate" -> candidates.add(IceCandidate.parse(value));
            case "end-of-candidates" -> endOfCandidates = true;
            case "rtcp-mux" -> rtcpMux = true;
            case "rtcp-rsize" -> rtcpRsize = true;
            case "ice-ufrag" -> iceUfrag = value;
            case "ice-pwd" -> icePwd = value;
            case "ice-options" -> iceOptions.addAll(List.of(SdpText.fields(value)));
            case "fingerprint" -> fingerprint = Fingerprint.parse(value);
            case "setup" -> setup = SetupRole.parse(value);
            default -> {
                Optional<Direction> d = Direction.of(name);
                if (d.isEmpty()) {
                    return false;
                }
                direction = d.get();
            }
        }
        return true;
    }

    String mid() {
        return mid;
    }

    MediaSection build(Direction sessionDirection) {
        List<PayloadFormat> payloads = new ArrayList<>();
        if (rtp) {
            for (String fmt : formats) {
                int pt = Integer.parseInt(fmt);
                String[] map = rtpmaps.get(pt);
                List<String> fb = new ArrayList<>(wildcardFeedback);
                for (String v : feedback.getOrDefault(pt, List.of())) {
                    if (!fb.contains(v)) {
                        fb.add(v);
                    }
                }
                payloads.add(new PayloadFormat(pt, map == null ? "" : map[0],
                        map == null ? 0 : Integer.parseInt(map[1]), map == null ? 0 : Integer.parseInt(map[2]),
                        fmtps.getOrDefault(pt, ""), fb));
            }
        }
        return new MediaSection(index, kind, port, proto, formats, Optional.ofNullable(mid),
                direction != null ? direction : sessionDirection, payloads, extmaps, List.copyOf(ssrcs),
                ssrcGroups, candidates, endOfCandidates, rtcpMux, rtcpRsize, Optional.ofNullable(iceUfrag),
                Optional.ofNullable(icePwd), iceOptions, Optional.ofNullable(fingerprint), Optional.ofNullable(setup));
    }

    /** {@code a=rtpmap:<pt> <encoding>/<clock>[/<channels>]} (RFC 8866 §6.6). */
    private void rtpmap(String value) {
        String[] f = SdpText.fields(value);
        if (f.length != 2) {
            throw new SdpException("malformed a=rtpmap (RFC 8866 §6.6)");
        }
        int pt = SdpText.integer(f[0], 127, "rtpmap payload type");
        String[] enc = f[1].split("/", -1);
        if (enc.length < 2 || enc.length > 3 || enc[0].isEmpty() || !SdpText.visible(enc[0])) {
            throw new SdpException("malformed a=rtpmap (RFC 8866 §6.6)");
        }
        int clock = SdpText.integer(enc[1], 1_000_000, "rtpmap clock rate");
        int channels = enc.length == 3 ? SdpText.integer(enc[2], 255, "rtpmap channels") : 0;
        rtpmaps.putIfAbsent(pt, new String[] {enc[0], Integer.toString(clock), Integer.toString(channels)});
    }

    /** {@code a=rtcp-fb:<pt|*> <type> [<subtype>]} (RFC 4585 §4.2). */
    private void rtcpFb(String value) {
        int sp = value.indexOf(' ');
        if (sp <= 0) {
            throw new SdpException("malformed a=rtcp-fb (RFC 4585 §4.2)");
        }
        String pt = value.substring(0, sp);
        String fb = String.join(" ", SdpText.fields(value.substring(sp + 1)));
        List<String> list = pt.equals("*") ? wildcardFeedback
                : feedback.computeIfAbsent(SdpText.integer(pt, 127, "rtcp-fb payload type"), k -> new ArrayList<>());
        if (list.size() < MAX_FEEDBACK_PER_PAYLOAD && !list.contains(fb)) {
            list.add(fb);
        }
    }

    /** {@code a=ssrc-group:<semantics> <ssrc>…} (RFC 5576 §4.2). */
    private void ssrcGroup(String value) {
        String[] f = SdpText.fields(value);
        if (f.length < 2 || !SdpText.visible(f[0])) {
            throw new SdpException("malformed a=ssrc-group (RFC 5576 §4.2)");
        }
        List<Long> members = new ArrayList<>(f.length - 1);
        for (int i = 1; i < f.length; i++) {
            members.add(SdpText.number(f[i], 0xFFFF_FFFFL, "ssrc-group ssrc"));
        }
        ssrcGroups.add(new SsrcGroup(f[0], members));
    }
}
