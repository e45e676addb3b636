// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.media.codec.AudioSpecificConfig;
import dev.livepipe.media.codec.HevcDecoderConfig;
import dev.livepipe.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The codecs strings our tracks carry are the ones FFmpeg's own HLS muxer (the FFmpeg 8 natives
 * of JavaCV) writes into a master playlist for the same stream.
 *
 * <p>FFmpeg's HLS muxer only derives the HEVC string from Annex B extradata (it looks for a
 * start code before the SPS) and leaves CODECS out otherwise, so the stream is handed to it in
 * Annex B form: the hvcC's parameter sets with start codes, and each sample's 4-byte length
 * prefixes overwritten with start codes (the same length, so in place).
 */
class CodecStringMatchesFfmpegTest {

    @Test
    void hevcAndAacCodecStringsMatchFfmpegsHlsMuxer(@TempDir Path dir) throws Exception {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(Fixtures.file(Fixtures.HEVC_AAC_320X240).toFile());
        g.start();
        String ours;
        String oursAudio;
        FFmpegFrameRecorder r = null;
        try {
            AVFormatContext in = g.getFormatContext();
            HevcDecoderConfig hvcc = HevcDecoderConfig.parse(extradata(in.streams(0).codecpar()));
            ours = hvcc.codecString();
            setExtradata(in.streams(0).codecpar(), annexB(hvcc));
            oursAudio = AudioSpecificConfig.parse(extradata(in.streams(1).codecpar())).codecString();

            r = new FFmpegFrameRecorder(dir.resolve("media.m3u8").toString(), g.getImageWidth(),
                    g.getImageHeight(), g.getAudioChannels());
            r.setFormat("hls");
            r.setOption("hls_segment_type", "fmp4");
            r.setOption("master_pl_name", "master.m3u8");
            r.setOption("hls_time", "2");
            r.setSampleRate(g.getSampleRate());
            r.setVideoCodecName("libopenh264"); // packet copy; JavaCV only needs some encoder context
            r.start(in);
            AVPacket pkt;
            while ((pkt = g.grabPacket()) != null) {
                if (pkt.stream_index() == 0) {
                    toStartCodes(pkt);
                }
                r.recordPacket(pkt);
            }
            r.stop();
        } finally {
            if (r != null) {
                r.release();
            }
            g.release();
        }
        String master = Files.readString(dir.resolve("master.m3u8"));
        Matcher m = Pattern.compile("CODECS=\"([^\"]+)\"").matcher(master);
        assertThat(m.find()).as(master).isTrue();
        assertThat(m.group(1).split(",")).containsExactly(ours, oursAudio);
        assertThat(ours).isEqualTo("hvc1.1.6.L60.90");
    }

    private static byte[] annexB(HevcDecoderConfig c) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        for (java.util.List<byte[]> list : java.util.List.of(c.vps(), c.sps(), c.pps())) {
            for (byte[] nal : list) {
                o.writeBytes(new byte[] {0, 0, 0, 1});
                o.writeBytes(nal);
            }
        }
        return o.toByteArray();
    }

    private static void setExtradata(AVCodecParameters par, byte[] bytes) {
        BytePointer p = new BytePointer(avutil.av_mallocz(bytes.length + avcodec.AV_INPUT_BUFFER_PADDING_SIZE));
        p.put(bytes);
        par.extradata(p).extradata_size(bytes.length);
    }

    private static void toStartCodes(AVPacket pkt) {
        byte[] b = new byte[pkt.size()];
        pkt.data().get(b);
        int pos = 0;
        while (pos + 4 <= b.length) {
            int len = (b[pos] & 0xFF) << 24 | (b[pos + 1] & 0xFF) << 16 | (b[pos + 2] & 0xFF) << 8 | b[pos + 3] & 0xFF;
            b[pos] = 0;
            b[pos + 1] = 0;
            b[pos + 2] = 0;
            b[pos + 3] = 1;
            pos += 4 + len;
        }
        pkt.data().put(b);
    }

    private static byte[] extradata(AVCodecParameters par) {
        byte[] b = new byte[par.extradata_size()];
        par.extradata().get(b);
        return b;
    }
}
