// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a spooled fragmented MP4 back after a crash: walks the top-level boxes (init segments
 * {@code ftyp}+{@code moov}, then {@code moof}+{@code mdat} pairs), stops at the first box that is
 * cut off or makes no sense, and rebuilds the {@link FragmentIndex} of what is complete, with each
 * fragment's duration taken from its lead (first) track: the sum of its {@code trun} sample
 * durations (or {@code tfhd}/{@code trex} defaults) over the {@code mdhd} timescale (ISO/IEC
 * 14496-12 §8.8).
 *
 * <p>Only box headers and the small {@code moov}/{@code moof} boxes are read into memory; media
 * data is skipped. Blocking (file I/O); thread-confined to the caller.
 */
final class FragmentedMp4Scan {

    /** Larger moov or moof boxes are treated as corrupt (ours are a few KiB). */
    private static final long MAX_META_BOX = 16L << 20;

    private final List<FragmentIndex.Init> inits = new ArrayList<>();
    private final List<FragmentIndex.Fragment> fragments = new ArrayList<>();
    private final Map<Integer, Long> timescales = new HashMap<>();
    private final Map<Integer, Long> trexDurations = new HashMap<>();
    private int leadTrack = -1;
    private long validEnd;

    private FragmentedMp4Scan() {
    }

    /** The index of everything complete in {@code file}, and where the complete part ends. */
    static Result scan(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            FragmentedMp4Scan s = new FragmentedMp4Scan();
            s.walk(ch);
            return new Result(new FragmentIndex(s.inits, s.fragments, false), s.validEnd);
        }
    }

    /**
     * What a scan found.
     *
     * @param index    the complete init segments and fragments
     * @param validEnd the end of the last complete fragment (or init segment); bytes after it are debris
     */
    record Result(FragmentIndex index, long validEnd) {
    }

    private void walk(FileChannel ch) throws IOException {
        long size = ch.size();
        long pos = 0;
        long initStart = -1;
        Mp4Box pendingMoof = null;
        ByteBuffer pendingMoofBytes = null;
        while (pos < size) {
            Mp4Box box = header(ch, pos);
            if (box == null || box.size() < 0 || box.end() > size) {
                return; // cut off: everything from here is debris
            }
            switch (box.type()) {
                case "ftyp" -> {
                    initStart = box.offset();
                    pendingMoof = null;
                }
                case "moov" -> {
                    if (initStart < 0 || box.size() > MAX_META_BOX) {
                        return;
                    }
                    try {
                        readMoov(read(ch, box));
                    } catch (RuntimeException malformed) {
                        return;
                    }
                    inits.add(new FragmentIndex.Init(initStart, box.end() - initStart));
                    validEnd = box.end();
                    initStart = -1;
                }
                case "moof" -> {
                    if (inits.isEmpty() || box.size() > MAX_META_BOX) {
                        return;
                    }
                    pendingMoof = box;
                    pendingMoofBytes = read(ch, box);
                }
                case "mdat" -> {
                    if (pendingMoof == null) {
                        return;
                    }
                    long duration;
                    try {
                        duration = leadDurationMicros(pendingMoofBytes);
                    } catch (RuntimeException malformed) {
                        return;
                    }
                    fragments.add(new FragmentIndex.Fragment(pendingMoof.offset(), box.end() - pendingMoof.offset(),
                            duration, inits.size() - 1));
                    validEnd = box.end();
                    pendingMoof = null;
                }
                default -> {
                    // styp, sidx, free, …: allowed between fragments, not part of any
                }
            }
            pos = box.end();
        }
    }

    private static Mp4Box header(FileChannel ch, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16);
        while (b.hasRemaining() && ch.read(b, pos + b.position()) > 0) {
            // fill
        }
        b.flip();
        return Mp4Box.at(b, pos);
    }

    private static ByteBuffer read(FileChannel ch, Mp4Box box) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) box.size());
        while (b.hasRemaining()) {
            if (ch.read(b, box.offset() + b.position()) < 0) {
                throw new IOException("file shrank while scanning");
            }
        }
        return b.flip();
    }

    // ------------------------------------------------------------------ moov

    private void readMoov(ByteBuffer moov) {
        leadTrack = -1;
        timescales.clear();
        trexDurations.clear();
        for (Mp4Box trak : children(moov, 0, "trak")) {
            int trackId = -1;
            long timescale = 0;
            for (Mp4Box c : children(moov, trak)) {
                if (c.type().equals("tkhd")) {
                    int version = moov.get((int) c.payloadOffset());
                    trackId = moov.getInt((int) c.payloadOffset() + (version == 1 ? 20 : 12));
                } else if (c.type().equals("mdia")) {
                    for (Mp4Box m : children(moov, c)) {
                        if (m.type().equals("mdhd")) {
                            int version = moov.get((int) m.payloadOffset());
                            timescale = Integer.toUnsignedLong(moov.getInt((int) m.payloadOffset() + (version == 1 ? 20 : 12)));
                        }
                    }
                }
            }
            if (trackId >= 0 && timescale > 0) {
                timescales.put(trackId, timescale);
                if (leadTrack < 0) {
                    leadTrack = trackId;
                }
            }
        }
        for (Mp4Box mvex : children(moov, 0, "mvex")) {
            for (Mp4Box trex : children(moov, mvex)) {
                if (trex.type().equals("trex")) {
                    int p = (int) trex.payloadOffset();
                    trexDurations.put(moov.getInt(p + 4), Integer.toUnsignedLong(moov.getInt(p + 12)));
                }
            }
        }
    }

    // ------------------------------------------------------------------ moof

    private long leadDurationMicros(ByteBuffer moof) {
        for (Mp4Box traf : children(moof, 0, "traf")) {
            int trackId = -1;
            long defaultDuration = 0;
            long total = 0;
            for (Mp4Box c : children(moof, traf)) {
                int p = (int) c.payloadOffset();
                if (c.type().equals("tfhd")) {
                    int flags = moof.getInt(p) & 0xffffff;
                    trackId = moof.getInt(p + 4);
                    int q = p + 8;
                    q += (flags & 0x01) != 0 ? 8 : 0; // base-data-offset
                    q += (flags & 0x02) != 0 ? 4 : 0; // sample-description-index
                    defaultDuration = (flags & 0x08) != 0 ? Integer.toUnsignedLong(moof.getInt(q))
                            : trexDurations.getOrDefault(trackId, 0L);
                } else if (c.type().equals("trun")) {
                    total += trunDuration(moof, p, defaultDuration);
                }
            }
            if (trackId == leadTrack && timescales.containsKey(trackId)) {
                return total * 1_000_000L / timescales.get(trackId);
            }
        }
        return 0;
    }

    private static long trunDuration(ByteBuffer moof, int p, long defaultDuration) {
        int flags = moof.getInt(p) & 0xffffff;
        long count = Integer.toUnsignedLong(moof.getInt(p + 4));
        if ((flags & 0x100) == 0) {
            return count * defaultDuration;
        }
        int q = p + 8;
        q += (flags & 0x01) != 0 ? 4 : 0; // data-offset
        q += (flags & 0x04) != 0 ? 4 : 0; // first-sample-flags
        int stride = 4 + ((flags & 0x200) != 0 ? 4 : 0) + ((flags & 0x400) != 0 ? 4 : 0) + ((flags & 0x800) != 0 ? 4 : 0);
        long total = 0;
        for (long i = 0; i < count; i++) {
            total += Integer.toUnsignedLong(moof.getInt(q));
            q += stride;
        }
        return total;
    }

    // ------------------------------------------------------------------ boxes

    /** The direct children of {@code parent} (a box within {@code buf}) . */
    private static List<Mp4Box> children(ByteBuffer buf, Mp4Box parent) {
        return boxes(buf, (int) parent.payloadOffset(), (int) parent.end());
    }

    /** The direct children of the box starting at {@code at} whose type is {@code type}. */
    private static List<Mp4Box> children(ByteBuffer buf, int at, String type) {
        Mp4Box self = boxAt(buf, at);
        List<Mp4Box> out = new ArrayList<>();
        if (self == null) {
            return out;
        }
        for (Mp4Box b : boxes(buf, (int) self.payloadOffset(), (int) self.end())) {
            if (b.type().equals(type)) {
                out.add(b);
            }
        }
        return out;
    }

    private static List<Mp4Box> boxes(ByteBuffer buf, int from, int to) {
        List<Mp4Box> out = new ArrayList<>();
        int pos = from;
        while (pos < to) {
            Mp4Box b = boxAt(buf, pos);
            if (b == null || b.size() < 0 || b.end() > to) {
                break;
            }
            out.add(b);
            pos = (int) b.end();
        }
        return out;
    }

    private static Mp4Box boxAt(ByteBuffer buf, int pos) {
        ByteBuffer view = buf.duplicate().position(pos);
        return Mp4Box.at(view, 0);
    }
}
