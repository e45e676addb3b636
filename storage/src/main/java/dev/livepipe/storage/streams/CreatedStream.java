// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.streams;

/**
 * The result of creating a stream: the stored stream and its plaintext key, which is shown
 * to the broadcaster this once and cannot be recovered later (only rotated). Immutable;
 * {@code toString()} hides the key.
 *
 * @param stream the stored stream
 * @param key    the plaintext key
 */
public record CreatedStream(StreamInfo stream, StreamKey key) {
}
