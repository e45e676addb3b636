// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

/**
 * One compressed packet of the fixture, held on the Java heap and shared read-only by every
 * publisher.
 *
 * @param video    whether it belongs to the video stream (else audio)
 * @param dtsMs    decode time in milliseconds from the start of one loop of the fixture
 * @param ptsMs    presentation time in milliseconds
 * @param keyframe whether it is a video IDR (always false for audio)
 * @param data     the packet bytes as the FLV demuxer returned them (AVCC NAL units or raw AAC)
 */
public record FixturePacket(boolean video, long dtsMs, long ptsMs, boolean keyframe, byte[] data) {
}
