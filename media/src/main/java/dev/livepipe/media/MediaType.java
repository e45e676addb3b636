// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

/** Whether a track carries pictures or sound. */
public enum MediaType { VIDEO, AUDIO }
