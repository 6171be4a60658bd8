package io.clusterkit.launcher.cli;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns an options file ({@code -options FILE}) into command-line arguments placed before the
 * real ones, so that every option of the command, whoever added it, can be written in the file
 * and is parsed, converted and checked exactly as on the command line. The keys are the names
 * of the command's options without their leading dash ({@code workers} for {@code -workers}) and
 * the labels of its positional parameters ({@code verticle}), all taken from the picocli
 * {@link CommandSpec}, never from a list of our own. An option given on the command line wins:
 * the file's value for it is left out. A key that names no option, or a value of the wrong type
 * for its option, is an {@link OptionsFileException} naming the file and the key.
 */
final class OptionsFileArgs {

  /** The option that names the file. */
  static final String OPTION = "-options";

  private OptionsFileArgs() {
  }

  /**
   * The command line with the options file's entries added, and what came from the file.
   *
   * @param args the arguments to parse: the file's, then the command line's
   * @param file the options file
   * @param optionKeys for every option name set from the file, its key there
   * @param positionalKeys for every positional value taken from the file, its key there
   */
  record Merged(String[] args, Path file, Map<String, String> optionKeys,
      Map<String, String> positionalKeys) {

    /**
     * Says where a message's option came from, when it names an option set by the file.
     *
     * @param message an error message about the merged command line
     * @return the message, followed by the file's keys it concerns
     */
    String attribute(String message) {
      Set<String> keys = new LinkedHashSet<>();
      optionKeys.forEach((name, key) -> {
        if (Pattern.compile("(?<![\\w-])" + Pattern.quote(name) + "(?![\\w-])")
            .matcher(message).find()) {
          keys.add(key);
        }
      });
      positionalKeys.forEach((value, key) -> {
        if (message.contains(value)) {
          keys.add(key);
        }
      });
      return keys.isEmpty() ? message
          : message + " (key " + String.join(", ", keys) + " of options file " + file + ")";
    }
  }

  /**
   * Reads the options file named on a command line, if any, and merges it into the arguments.
   *
   * @param command makes a fresh instance of the command, to see what the command line gives
   * @param args the command line
   * @return the merged command line, or null when it names no options file (or cannot be
   *     parsed, or runs a subcommand): then the command line is used as it is
   * @throws OptionsFileException when the file is unreadable or one of its entries is wrong
   */
  static Merged merge(Supplier<CommandLine> command, String[] args) {
    CommandLine probe = command.get();
    ParseResult given;
    try {
      given = probe.parseArgs(args);
    } catch (ParameterException e) {
      return null;
    }
    if (given.subcommand() != null || !given.hasMatchedOption(OPTION)) {
      return null;
    }
    Path file = given.matchedOptionValue(OPTION, (Path) null);
    return merge(probe.getCommandSpec(), given, file, OptionsFile.read(file), args);
  }

  /**
   * Merges entries read from an options file into a parsed command line.
   *
   * @param spec the command
   * @param given the command line, parsed
   * @param file the options file, for messages
   * @param entries the file's entries
   * @param args the command line
   * @return the merged command line
   * @throws OptionsFileException when an entry names no option or has a wrong value
   */
  static Merged merge(CommandSpec spec, ParseResult given, Path file, Map<String, Object> entries,
      String[] args) {
    Map<String, OptionSpec> options = new LinkedHashMap<>();
    for (OptionSpec option : spec.options()) {
      for (String name : option.names()) {
        options.put(name.replaceFirst("^-+", ""), option);
      }
    }
    Map<String, PositionalParamSpec> positionals = new LinkedHashMap<>();
    for (PositionalParamSpec positional : spec.positionalParameters()) {
      positionals.put(keyOf(positional), positional);
    }
    List<String> before = new ArrayList<>();
    List<String> after = new ArrayList<>();
    Map<String, String> optionKeys = new LinkedHashMap<>();
    Map<String, String> positionalKeys = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : entries.entrySet()) {
      String key = entry.getKey();
      OptionSpec option = options.get(key);
      if (key.startsWith("-")) {
        String bare = key.replaceFirst("^-+", "");
        throw new OptionsFileException(where(file, key) + "write option names without their "
            + "leading dash" + (options.containsKey(bare) ? ": " + bare : ""));
      }
      if (option != null) {
        if (option.usageHelp() || option.versionHelp() || List.of(option.names()).contains(OPTION)) {
          throw new OptionsFileException(where(file, key) + "cannot be set in an options file");
        }
        if (!given.hasMatchedOption(option)) {
          before.addAll(tokens(file, key, option, entry.getValue()));
          for (String name : option.names()) {
            optionKeys.put(name, key);
          }
        }
      } else if (positionals.containsKey(key)) {
        PositionalParamSpec positional = positionals.get(key);
        if (!given.hasMatchedPositional(positional.index().min())) {
          List<String> values = values(file, key, positional, entry.getValue());
          after.addAll(values);
          values.forEach(value -> positionalKeys.put(value, key));
        }
      } else {
        throw new OptionsFileException(where(file, key) + "no such option (keys are the "
            + "options of 'java -jar launcher.jar --help' without their leading dash"
            + (positionals.isEmpty() ? "" : ", and " + String.join(", ", positionals.keySet()))
            + ")");
      }
    }
    List<String> merged = new ArrayList<>(before);
    merged.addAll(List.of(args));
    merged.addAll(after);
    return new Merged(merged.toArray(String[]::new), file, optionKeys, positionalKeys);
  }

  /** @return a positional parameter's key: its label, lower case, without brackets */
  static String keyOf(PositionalParamSpec positional) {
    return positional.paramLabel().replaceAll("[<>\\[\\].]", "").toLowerCase(Locale.ROOT);
  }

  private static List<String> tokens(Path file, String key, OptionSpec option, Object value) {
    String name = "-" + key;
    if (option.arity().max() == 0) {
      if (!(value instanceof Boolean on)) {
        throw wrong(file, key, "true or false", value);
      }
      return on ? List.of(name) : List.of();
    }
    List<String> tokens = new ArrayList<>();
    for (String item : values(file, key, option, value)) {
      tokens.add(name);
      tokens.add(item);
    }
    return tokens;
  }

  /** @return the value as one argument, or each element of a list for a multi-value argument */
  private static List<String> values(Path file, String key, ArgSpec arg, Object value) {
    if (!arg.isMultiValue()) {
      return List.of(scalar(file, key, arg.type(), value));
    }
    List<String> items = new ArrayList<>();
    if (arg.typeInfo().isMap() && value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> items.add(k + "=" + scalar(file, key + "." + k, String.class, v)));
      return items;
    }
    Class<?> element = arg.auxiliaryTypes().length > 0 ? arg.auxiliaryTypes()[0] : String.class;
    for (Object item : value instanceof List<?> list ? list : List.of(value)) {
      items.add(scalar(file, key, element, item));
    }
    return items;
  }

  /** @return one value as the command line would give it, after checking its type */
  private static String scalar(Path file, String key, Class<?> type, Object value) {
    if (value == null) {
      throw new OptionsFileException(where(file, key) + "has no value");
    }
    if (isWhole(type)) {
      if (value instanceof Integer || value instanceof Long || value instanceof Short
          || value instanceof Byte || value instanceof BigInteger) {
        return value.toString();
      }
      throw wrong(file, key, "a whole number", value);
    }
    if (type == double.class || type == Double.class || type == float.class
        || type == Float.class) {
      if (value instanceof Number) {
        return value.toString();
      }
      throw wrong(file, key, "a number", value);
    }
    if (type == boolean.class || type == Boolean.class) {
      if (value instanceof Boolean) {
        return value.toString();
      }
      throw wrong(file, key, "true or false", value);
    }
    // text: a string, or a number written bare; a mapping is passed as its JSON text
    if (value instanceof String || value instanceof Number) {
      return value.toString();
    }
    if (value instanceof Map<?, ?> map) {
      return new JsonObject(new LinkedHashMap<>(castKeys(map))).encode();
    }
    if (value instanceof Boolean) {
      throw new OptionsFileException(where(file, key) + "expected text, was the boolean " + value
          + " (quote it: in YAML yes, no, on and off are booleans)");
    }
    throw wrong(file, key, "one value", value);
  }

  private static boolean isWhole(Class<?> type) {
    return type == int.class || type == Integer.class || type == long.class
        || type == Long.class || type == short.class || type == Short.class
        || type == byte.class || type == Byte.class || type == BigInteger.class;
  }

  private static Map<String, Object> castKeys(Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(String.valueOf(k), v instanceof Map<?, ?> inner
        ? castKeys(inner) : v));
    return copy;
  }

  private static OptionsFileException wrong(Path file, String key, String expected,
      Object value) {
    String was = value instanceof String text ? "the string \"" + text + "\""
        : value instanceof Number || value instanceof Boolean ? value.toString()
        : "a " + OptionsFile.kind(value);
    return new OptionsFileException(where(file, key) + "expected " + expected + ", was " + was);
  }

  private static String where(Path file, String key) {
    return "options file " + file + ", key " + key + ": ";
  }
}
