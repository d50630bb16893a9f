package dev.herald.broker.server.internal;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A salted, slow password hash as the users file keeps it, in the PHC string format:
 * {@code $pbkdf2-sha256$i=600000$<salt>$<hash>}, salt and hash in unpadded base64. The
 * string names the algorithm and its parameters, so hashes made with more iterations later
 * sit beside older ones.
 */
public final class PasswordHash {

    /** The algorithm's name in the stored form. */
    public static final String ALGORITHM = "pbkdf2-sha256";
    /** Iterations of new hashes: OWASP's recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int MIN_SALT_BYTES = 8;
    private static final int MAX_ITERATIONS = 100_000_000;
    private static final String PREFIX = "$" + ALGORITHM + "$i=";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** A new hash of {@code password} with a fresh salt and {@value #DEFAULT_ITERATIONS} iterations. */
    public static PasswordHash create(char[] password) {
        return create(password, DEFAULT_ITERATIONS);
    }

    /** A new hash of {@code password} with a fresh salt and this many iterations. */
    public static PasswordHash create(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations, HASH_BYTES));
    }

    /** Whether {@code text} has the shape of a stored hash of some algorithm: {@code $<name>$...}. */
    static boolean looksLikeHash(String text) {
        return text.startsWith("$") && text.indexOf('$', 1) > 1;
    }

    /**
     * Reads a stored hash.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static PasswordHash parse(String text) {
        if (!text.startsWith(PREFIX)) {
            String algorithm = looksLikeHash(text) ? text.substring(1, text.indexOf('$', 1)) : text;
            throw new IllegalArgumentException("not a " + ALGORITHM + " hash (" + PREFIX + "<iterations>$<salt>$<hash>)"
                    + (looksLikeHash(text) ? ": unknown algorithm '" + algorithm + "'" : ""));
        }
        String[] parts = text.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a " + ALGORITHM + " hash has three parts after its name "
                    + "(i=<iterations>$<salt>$<hash>), not " + parts.length);
        }
        int iterations;
        byte[] salt;
        byte[] hash;
        try {
            iterations = Integer.parseInt(parts[0]);
            salt = Base64.getDecoder().decode(parts[1]);
            hash = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a " + ALGORITHM + " hash with a bad number or base64 text: " + e.getMessage());
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be from 1 to " + MAX_ITERATIONS + ": " + iterations);
        }
        if (salt.length < MIN_SALT_BYTES || hash.length < HASH_BYTES) {
            throw new IllegalArgumentException("the salt must have at least " + MIN_SALT_BYTES
                    + " bytes and the hash at least " + HASH_BYTES + " bytes");
        }
        return new PasswordHash(iterations, salt, hash);
    }

    /** Whether {@code password} is the one hashed, compared in constant time. */
    public boolean verify(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations, hash.length));
    }

    /** The PBKDF2 iterations this hash was made with. */
    public int iterations() {
        return iterations;
    }

    /** The stored form. */
    public String encoded() {
        return PREFIX + iterations + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public String toString() {
        return encoded();
    }
}
