package io.clusterkit.launcher.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The secret a control command must present: 32 random bytes, compared in constant time. */
public final class AdminToken {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String value;

  private AdminToken(String value) {
    this.value = value;
  }

  /** @return a new random token */
  public static AdminToken random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return new AdminToken(HexFormat.of().formatHex(bytes));
  }

  /** @return the token's text, for the registry file only */
  public String value() {
    return value;
  }

  /**
   * Checks an {@code Authorization} header.
   *
   * @param header the header's value, or null
   * @return true only for {@code Bearer <this token>}
   */
  public boolean matches(String header) {
    if (header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    byte[] given = header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "AdminToken(****)";
  }
}
