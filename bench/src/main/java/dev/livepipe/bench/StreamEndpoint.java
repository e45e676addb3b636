// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

/**
 * Where one publisher sends and where its playlist appears.
 *
 * @param label      a short name for logs (never the stream key)
 * @param publishUrl {@code rtmp://127.0.0.1:port/live/<key>}
 * @param playlist   the media playlist of the stream
 */
public record StreamEndpoint(String label, String publishUrl, PlaylistSource playlist) {
}
