// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.auth;

import dev.livepipe.storage.settings.SettingsRepository;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Anonymous viewers: a random guest id in a cookie signed by the server, so the same browser
 * keeps the same identity (and generated name) across visits, and nobody can claim another
 * guest's id. The cookie value is {@code <id>.<mac>}: 16 URL-safe characters of randomness and
 * a truncated HMAC-SHA256 under a secret generated once and kept in the settings table.
 *
 * <p>Names are derived from the id ("Quiet Otter 4821"), so they are stable without storage.
 *
 * <p>Threading: {@link #establish} blocks (JDBC); everything else is cheap and thread-safe.
 */
public final class GuestIdentities {

    /** The cookie that carries a browser's guest id. */
    public static final String COOKIE = "livepipe_guest";
    static final String SETTING = "guest_cookie_secret";
    private static final int MAC_BYTES = 16;
    private static final List<String> ADJECTIVES = List.of("Quiet", "Brave", "Lucky", "Sunny", "Swift", "Calm",
            "Clever", "Gentle", "Happy", "Jolly", "Mellow", "Nimble", "Proud", "Witty", "Bold", "Cosmic");
    private static final List<String> ANIMALS = List.of("Otter", "Falcon", "Panda", "Fox", "Heron", "Lynx",
            "Koala", "Badger", "Dolphin", "Owl", "Tiger", "Walrus", "Yak", "Gecko", "Puffin", "Moose");

    private final SecureRandom random = new SecureRandom();
    private final byte[] secret;

    GuestIdentities(byte[] secret) {
        this.secret = secret.clone();
    }

    /** Loads the signing secret, creating it on first start. Blocking: call on a worker. */
    public static GuestIdentities establish(SettingsRepository settings) {
        String stored = settings.get(SETTING).orElseGet(() -> {
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            settings.putIfAbsent(SETTING, Base64.getEncoder().encodeToString(raw));
            return settings.get(SETTING).orElseThrow();
        });
        return new GuestIdentities(Base64.getDecoder().decode(stored));
    }

    /** A new signed cookie value for a new guest. */
    public String newCookieValue() {
        byte[] id = new byte[12];
        random.nextBytes(id);
        String guestId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        return guestId + "." + mac(guestId);
    }

    /** The guest id a cookie value proves, if its signature is valid. */
    public Optional<String> verify(String cookieValue) {
        if (cookieValue == null || cookieValue.length() > 64) {
            return Optional.empty();
        }
        int dot = cookieValue.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String guestId = cookieValue.substring(0, dot);
        byte[] given = cookieValue.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = mac(guestId).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, expected) ? Optional.of(guestId) : Optional.empty();
    }

    /** The display name of a guest id: an adjective, an animal and four digits, stable per id. */
    public static String nameOf(String guestId) {
        int h = guestId.hashCode();
        int adjective = Math.floorMod(h, ADJECTIVES.size());
        int animal = Math.floorMod(h >>> 8, ANIMALS.size());
        int digits = Math.floorMod(h >>> 16, 9000) + 1000;
        return ADJECTIVES.get(adjective) + " " + ANIMALS.get(animal) + " " + digits;
    }

    private String mac(String guestId) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] full = hmac.doFinal(guestId.getBytes(StandardCharsets.US_ASCII));
            byte[] cut = new byte[MAC_BYTES];
            System.arraycopy(full, 0, cut, 0, MAC_BYTES);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(cut);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
