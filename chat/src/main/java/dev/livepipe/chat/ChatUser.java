// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import java.util.Objects;

/**
 * Who is on the other end of a chat socket, as the caller of
 * {@link ChatService#accept} authenticated it. Immutable.
 *
 * @param id   stable identity; bans and timeouts are by id ({@code guest:abc},
 *             {@code user:alice}, {@code admin}); 1..200 characters
 * @param name what other clients see; cut to {@value #MAX_NAME_LENGTH} characters
 * @param role {@value #VIEWER}, {@value #MODERATOR} or {@value #BROADCASTER} (the admin is a
 *             moderator)
 */
public record ChatUser(String id, String name, String role) {

    public static final String VIEWER = "viewer";
    public static final String MODERATOR = "moderator";
    public static final String BROADCASTER = "broadcaster";
    /** Longest name kept, in UTF-16 characters. */
    public static final int MAX_NAME_LENGTH = 100;

    public ChatUser {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (id.isEmpty() || id.length() > 200) {
            throw new IllegalArgumentException("user id must be 1..200 characters");
        }
        if (!role.equals(VIEWER) && !role.equals(MODERATOR) && !role.equals(BROADCASTER)) {
            throw new IllegalArgumentException("unknown role " + role);
        }
        name = name.strip();
        if (name.length() > MAX_NAME_LENGTH) {
            int end = MAX_NAME_LENGTH;
            if (Character.isHighSurrogate(name.charAt(end - 1))) {
                end--;
            }
            name = name.substring(0, end);
        }
        if (name.isEmpty()) {
            name = id;
        }
    }

    /** Whether the user may moderate: role moderator or broadcaster. */
    public boolean moderates() {
        return role.equals(MODERATOR) || role.equals(BROADCASTER);
    }
}
