package io.clusterkit.launcher.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The file of {@code -options FILE}: a JSON object or a YAML mapping from option names (without
 * their leading dash) to values. A {@code .json} file is JSON, a {@code .yaml} or {@code .yml}
 * file YAML; any other name is JSON when its first character is {@code '{'}, else YAML. Reading
 * it gives plain Java values (maps, lists, strings, numbers, booleans); what they mean is
 * {@link OptionsFileArgs}'s business.
 */
final class OptionsFile {

  private OptionsFile() {
  }

  /**
   * Reads an options file.
   *
   * @param file the file
   * @return its entries in the file's order: String, Number, Boolean, List, Map or null values
   * @throws OptionsFileException when the file cannot be read or is not a mapping
   */
  static Map<String, Object> read(Path file) {
    if (!Files.exists(file)) {
      throw new OptionsFileException("options file " + file + " does not exist");
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new OptionsFileException("options file " + file + " cannot be read: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
    return parse(file.toString(), text);
  }

  /**
   * Parses an options file's text.
   *
   * @param name the file's name: its extension picks the format
   * @param text the file's content
   * @return its entries in the file's order
   * @throws OptionsFileException when the text is not a JSON object or a YAML mapping
   */
  static Map<String, Object> parse(String name, String text) {
    return json(name, text) ? fromJson(name, text) : fromYaml(name, text);
  }

  /** @return whether name and text say JSON (else YAML) */
  static boolean json(String name, String text) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) {
      return true;
    }
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return false;
    }
    return text.stripLeading().startsWith("{");
  }

  private static Map<String, Object> fromJson(String name, String text) {
    refuseDuplicateKeys(name, text);
    try {
      return plainMap(new JsonObject(text));
    } catch (DecodeException | ClassCastException e) {
      String detail = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw new OptionsFileException("options file " + name
          + " is not a JSON object of options: " + detail.replaceFirst("^Failed to decode: ?", ""));
    }
  }

  /**
   * Reads the JSON once with Jackson's duplicate detection on: JSON itself lets a second
   * {@code "workers"} silently replace the first, which in an operator's file hides a mistake.
   */
  private static void refuseDuplicateKeys(String name, String text) {
    try (JsonParser parser = JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build().createParser(text)) {
      while (parser.nextToken() != null) {
        // each field name is checked against its object's earlier ones as it is read
      }
    } catch (JsonParseException e) {
      if (e.getOriginalMessage().startsWith("Duplicate field")) {
        throw new OptionsFileException("options file " + name + " is not a JSON object of "
            + "options: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr()
            + ")");
      }
      // any other mistake is reported by the decoding that follows
    } catch (IOException e) {
      // likewise
    }
  }

  private static Map<String, Object> fromYaml(String name, String text) {
    LoaderOptions loading = new LoaderOptions();
    loading.setAllowDuplicateKeys(false);
    loading.setAllowRecursiveKeys(false);
    loading.setMaxAliasesForCollections(20);
    Object document;
    try {
      document = new Yaml(new SafeConstructor(loading)).load(text);
    } catch (MarkedYAMLException e) {
      throw new OptionsFileException("options file " + name + " is not valid YAML: "
          + e.getProblem() + " (line " + (e.getProblemMark().getLine() + 1) + ")");
    } catch (YAMLException e) {
      throw new OptionsFileException("options file " + name + " is not valid YAML: "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
    if (document == null) {
      return Map.of();
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw new OptionsFileException("options file " + name
          + " must be a mapping of option names to values, was a " + kind(document));
    }
    Map<String, Object> entries = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        throw new OptionsFileException("options file " + name + ": key " + entry.getKey()
            + " is not an option name");
      }
      entries.put(key, entry.getValue());
    }
    return entries;
  }

  private static Map<String, Object> plainMap(JsonObject object) {
    Map<String, Object> map = new LinkedHashMap<>();
    object.forEach(entry -> map.put(entry.getKey(), plain(entry.getValue())));
    return map;
  }

  private static Object plain(Object value) {
    if (value instanceof JsonObject object) {
      return plainMap(object);
    }
    if (value instanceof JsonArray array) {
      List<Object> list = new ArrayList<>();
      array.forEach(item -> list.add(plain(item)));
      return list;
    }
    return value;
  }

  /**
   * Names a value's kind for an error message.
   *
   * @param value a value read from the file
   * @return e.g. "string", "list", "mapping"
   */
  static String kind(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map) {
      return "mapping";
    }
    if (value instanceof List) {
      return "list";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    if (value instanceof Number) {
      return "number";
    }
    if (value instanceof CharSequence) {
      return "string";
    }
    return value.getClass().getSimpleName();
  }
}
