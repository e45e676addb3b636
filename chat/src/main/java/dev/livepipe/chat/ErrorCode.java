// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

/** The {@code error.code} values of the protocol (docs/chat-protocol.md, "Errors"). */
enum ErrorCode {
    INVALID_JSON("invalid_json"),
    UNKNOWN_TYPE("unknown_type"),
    INVALID_MESSAGE("invalid_message"),
    TEXT_TOO_LONG("text_too_long"),
    CONTROL_CHARACTERS("control_characters"),
    RATE_LIMITED("rate_limited"),
    SLOW_MODE("slow_mode"),
    TIMED_OUT("timed_out"),
    FORBIDDEN("forbidden"),
    NOT_FOUND("not_found"),
    UNAVAILABLE("unavailable"),
    ABUSIVE("abusive");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    String code() {
        return code;
    }
}
