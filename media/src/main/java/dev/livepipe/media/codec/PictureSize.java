// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media.codec;

/**
 * The displayed size of a picture after cropping.
 *
 * @param width  in pixels
 * @param height in pixels
 */
public record PictureSize(int width, int height) {
}
