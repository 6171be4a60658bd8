package io.clusterkit.launcher.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges several Prometheus expositions (the launcher's and each worker's) into one: a metric
 * family that several of them have is written once, its {@code # HELP}, {@code # TYPE} and
 * {@code # UNIT} lines from the first that has it, followed by every source's samples, as the
 * text format and OpenMetrics both require. The sources' samples already carry their labels
 * (each worker labels its own series with slot and gen); nothing else is rewritten. Pure.
 */
final class Exposition {

  /** The content type of the Prometheus text format. */
  static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
  /** The content type of OpenMetrics. */
  static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private static final String EOF = "# EOF";

  private Exposition() {
  }

  /** One metric family: its metadata lines, then its samples. */
  private static final class Family {
    final List<String> metadata = new ArrayList<>();
    final List<String> samples = new ArrayList<>();
    /** The index of the source whose metadata lines were kept, -1 before any. */
    int describedBy = -1;
  }

  /**
   * Merges expositions.
   *
   * @param sources the expositions, each in the text format or each in OpenMetrics
   * @param openMetrics whether they are OpenMetrics: the result then ends with one
   *     {@code # EOF}
   * @return the merged exposition
   */
  static String merge(List<String> sources, boolean openMetrics) {
    Map<String, Family> families = new LinkedHashMap<>();
    for (int index = 0; index < sources.size(); index++) {
      Family family = null;
      for (String line : sources.get(index).split("\n")) {
        if (line.isEmpty() || line.equals(EOF)) {
          continue;
        }
        if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")
            || line.startsWith("# UNIT ")) {
          family = families.computeIfAbsent(metadataName(line), k -> new Family());
          if (family.describedBy < 0) {
            family.describedBy = index;
          }
          if (family.describedBy == index) {
            family.metadata.add(line);
          }
        } else if (!line.startsWith("#")) {
          if (family == null) {
            family = families.computeIfAbsent(sampleName(line), k -> new Family());
          }
          family.samples.add(line);
        }
      }
    }
    StringBuilder out = new StringBuilder();
    for (Family family : families.values()) {
      family.metadata.forEach(line -> out.append(line).append('\n'));
      family.samples.forEach(line -> out.append(line).append('\n'));
    }
    if (openMetrics) {
      out.append(EOF).append('\n');
    }
    return out.toString();
  }

  private static String metadataName(String line) {
    int start = "# HELP ".length();
    int end = line.indexOf(' ', start);
    return end < 0 ? line.substring(start) : line.substring(start, end);
  }

  private static String sampleName(String line) {
    int end = 0;
    while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
      end++;
    }
    return line.substring(0, end);
  }
}
