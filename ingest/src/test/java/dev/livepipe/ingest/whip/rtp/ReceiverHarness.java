// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import dev.livepipe.ingest.whip.NegotiatedMedia;
import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.Track;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link RtpReceiver} driven by a manual clock on the test thread: the worker is a direct
 * executor and the scheduler is never used (tests call {@link #advanceTo}), so runs are
 * deterministic.
 */
final class ReceiverHarness implements RtpReceiverListener {

    static final int H264_PT = 102;
    static final int VP8_PT = 96;
    static final int RTX_PT = 103;
    static final int OPUS_PT = 111;
    static final long MS = 1_000_000L;

    final AtomicLong now = new AtomicLong(1_000 * MS);
    final List<List<Track>> trackSets = new ArrayList<>();
    final List<AccessUnit> units = new ArrayList<>();
    final List<byte[]> rtcp = new ArrayList<>();
    final RtpReceiver receiver;
    private long nextTick;

    ReceiverHarness(String videoCodec, boolean audio, RtpReceiverConfig config) {
        Optional<NegotiatedMedia.Payload> v = videoCodec == null ? Optional.empty()
                : Optional.of(new NegotiatedMedia.Payload("0", videoCodec.equals("VP8") ? VP8_PT : H264_PT, videoCodec,
                        90_000, 0, "packetization-mode=1", RTX_PT, true, true, true, false));
        Optional<NegotiatedMedia.Payload> a = audio
                ? Optional.of(new NegotiatedMedia.Payload("1", OPUS_PT, "opus", 48_000, 2, "", -1, false, false, false,
                        false))
                : Optional.empty();
        receiver = new RtpReceiver(new NegotiatedMedia(v, a, 0, 0, 0), config, Runnable::run,
                (d, t) -> () -> { }, this, now::get, () -> 1_700_000_000_000L);
        nextTick = now.get();
    }

    /** Moves the clock to {@code nanos}, running every 20 ms tick on the way. */
    void advanceTo(long nanos) {
        while (nextTick <= nanos) {
            now.set(nextTick);
            receiver.tick();
            nextTick += 20 * MS;
        }
        now.set(Math.max(now.get(), nanos));
    }

    void rtp(byte[] packet, long arrivalNanos) {
        advanceTo(arrivalNanos);
        receiver.onRtp(packet, 0, packet.length, arrivalNanos);
    }

    void rtcpIn(byte[] packet, long arrivalNanos) {
        advanceTo(arrivalNanos);
        receiver.onRtcp(packet, 0, packet.length, arrivalNanos);
    }

    /** Every RTCP packet we sent, parsed. */
    List<RtcpPacket> sent() {
        List<RtcpPacket> all = new ArrayList<>();
        for (byte[] b : rtcp) {
            all.addAll(RtcpParser.parse(b, 0, b.length));
        }
        return all;
    }

    List<AccessUnit> units(dev.livepipe.media.Codec codec) {
        return units.stream().filter(u -> u.track().codec() == codec).toList();
    }

    @Override
    public void onTracks(List<Track> tracks) {
        trackSets.add(tracks);
    }

    @Override
    public void onAccessUnit(AccessUnit unit) {
        units.add(unit);
    }

    @Override
    public void sendRtcp(byte[] packet) {
        rtcp.add(packet);
    }
}
