package io.clusterkit.examples.cpu;

import io.vertx.core.json.JsonObject;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** The CPU-heavy work of the example: PBKDF2-HMAC-SHA256, as a password store would do it. */
public final class Passwords {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Passwords() {
  }

  /**
   * Derives a 256-bit key from a fixed password and a random salt.
   *
   * @param iterations PBKDF2 iterations: the cost, about linear in CPU time
   * @return {@code hash} (hex, the first 16 bytes), {@code iterations} and {@code ms} spent
   */
  public static JsonObject hash(int iterations) {
    long start = System.nanoTime();
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    try {
      byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(
          new PBEKeySpec("correct horse battery staple".toCharArray(), salt, iterations, 256))
          .getEncoded();
      return new JsonObject().put("hash", HexFormat.of().formatHex(key, 0, 16))
          .put("iterations", iterations)
          .put("ms", (System.nanoTime() - start) / 1_000_000.0);
    } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
    }
  }
}
