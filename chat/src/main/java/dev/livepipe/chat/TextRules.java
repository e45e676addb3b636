// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import java.nio.charset.StandardCharsets;

/** Checks on client text and frame sizes. Stateless. */
final class TextRules {

    private TextRules() {
    }

    /** Whether the text holds a control character (Unicode category Cc: C0, DEL, C1). */
    static boolean hasControlCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.getType(text.charAt(i)) == Character.CONTROL) {
                return true;
            }
        }
        return false;
    }

    /** Whether every surrogate is part of a pair (so the text is valid UTF-8 once encoded). */
    static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Length in code points. */
    static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Whether the text is longer than {@code maxBytes} in UTF-8 (cheap for short text). */
    static boolean longerThanBytes(String text, int maxBytes) {
        if (text.length() > maxBytes) {
            return true;
        }
        if ((long) text.length() * 3 <= maxBytes) {
            return false;
        }
        return text.getBytes(StandardCharsets.UTF_8).length > maxBytes;
    }
}
