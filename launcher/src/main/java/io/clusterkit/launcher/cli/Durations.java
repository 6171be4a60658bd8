package io.clusterkit.launcher.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the DURATION values of the command line: a number with a unit, {@code ms}, {@code s},
 * {@code m} or {@code h} ({@code 250ms}, {@code 1.5s}, {@code 5m}), or a bare number of seconds
 * as the older flags such as {@code -grace} take.
 */
final class Durations {

  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

  private Durations() {
  }

  /**
   * Parses a duration.
   *
   * @param text such as {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h} or {@code 30}
   * @return the duration, to the millisecond
   * @throws IllegalArgumentException naming the text when it is not one
   */
  static Duration parse(String text) {
    Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("must be a duration such as 500ms, 10s, 5m or 1h, was '"
          + text + "'");
    }
    double millisPerUnit = switch (m.group(2) == null ? "s" : m.group(2)) {
      case "ms" -> 1;
      case "m" -> 60_000;
      case "h" -> 3_600_000;
      default -> 1000;
    };
    double millis = Double.parseDouble(m.group(1)) * millisPerUnit;
    if (millis > Long.MAX_VALUE / 1_000_000L) {
      throw new IllegalArgumentException("must be shorter than 292 years, was '" + text + "'");
    }
    return Duration.ofMillis(Math.round(millis));
  }
}
