package io.clusterkit.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;

/**
 * An options file's entries become the launcher's own arguments, placed before the command
 * line's, which win; keys and types come from the picocli command, so an option added later
 * works in the file with no change here.
 */
class OptionsFileArgsTest {

  private static final Path FILE = Path.of("shop.yaml");

  private static OptionsFileArgs.Merged merge(Map<String, Object> entries, String... args) {
    CommandLine line = new CommandLine(new LauncherCommand());
    ParseResult given = line.parseArgs(args);
    return OptionsFileArgs.merge(line.getCommandSpec(), given, FILE, entries, args);
  }

  private static ParseResult parse(String... args) {
    return new CommandLine(new LauncherCommand()).parseArgs(args);
  }

  private static Map<String, Object> entries(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  @Test
  void entriesBecomeArgumentsBeforeTheCommandLineAndTheVerticleAfterIt() {
    OptionsFileArgs.Merged merged = merge(entries("workers", 4, "balance", "least-conn",
        "health", "/healthz", "grace", 2.5, "verticle", "com.x.Main"), "-options", "shop.yaml");
    assertThat(merged.args()).containsExactly("-workers", "4", "-balance", "least-conn",
        "-health", "/healthz", "-grace", "2.5", "-options", "shop.yaml", "com.x.Main");
    ParseResult parsed = parse(merged.args());
    assertThat(parsed.<Integer>matchedOptionValue("-workers", 0)).isEqualTo(4);
    assertThat(parsed.<Double>matchedOptionValue("-grace", 0.0)).isEqualTo(2.5);
    assertThat(parsed.<String>matchedPositionalValue(0, null)).isEqualTo("com.x.Main");
  }

  @Test
  void theCommandLineWinsOverTheFile() {
    OptionsFileArgs.Merged merged = merge(entries("workers", 4, "port", 9000,
        "verticle", "com.x.Main"), "-options", "shop.yaml", "-workers", "2", "com.y.Other");
    assertThat(merged.args()).containsExactly("-port", "9000", "-options", "shop.yaml",
        "-workers", "2", "com.y.Other");
    ParseResult parsed = parse(merged.args());
    assertThat(parsed.<Integer>matchedOptionValue("-workers", 0)).isEqualTo(2);
    assertThat(parsed.<String>matchedPositionalValue(0, null)).isEqualTo("com.y.Other");
    assertThat(merged.optionKeys()).containsOnlyKeys("-port");
  }

  @Test
  void theSeveralHostsOptionsOfTheMixinAreKeysToo() {
    OptionsFileArgs.Merged merged = merge(entries("cluster-name", "shop", "members",
        "10.0.0.1,10.0.0.2", "backup-count", 2, "verticle", "com.x.Main"), "-options", "f");
    assertThat(merged.args()).containsExactly("-cluster-name", "shop", "-members",
        "10.0.0.1,10.0.0.2", "-backup-count", "2", "-options", "f", "com.x.Main");
    ParseResult parsed = parse(merged.args());
    assertThat(parsed.<String>matchedOptionValue("-cluster-name", null)).isEqualTo("shop");
    assertThat(parsed.<Integer>matchedOptionValue("-backup-count", 0)).isEqualTo(2);
  }

  @Test
  void aFlagIsGivenForTrueAndLeftOutForFalse() {
    assertThat(merge(entries("sticky", true, "no-cds", false), "-options", "f").args())
        .containsExactly("-sticky", "-options", "f");
  }

  @Test
  void aMappingForATextOptionIsItsJsonText() {
    OptionsFileArgs.Merged merged = merge(entries("conf",
        Map.of("db", Map.of("url", "jdbc:x"))), "-options", "f");
    assertThat(merged.args()).containsExactly("-conf", "{\"db\":{\"url\":\"jdbc:x\"}}",
        "-options", "f");
  }

  @Test
  void theWorkersJdkIsAnEntryLikeAnyOption() {
    OptionsFileArgs.Merged merged = merge(entries("java", "/usr/lib/jvm/temurin-25-jdk-amd64",
        "verticle", "com.x.Main"), "-options", "shop.yaml");
    assertThat(merged.args()).containsExactly("-java", "/usr/lib/jvm/temurin-25-jdk-amd64",
        "-options", "shop.yaml", "com.x.Main");
    assertThat(parse(merged.args()).<java.nio.file.Path>matchedOptionValue("-java", null))
        .isEqualTo(java.nio.file.Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"));
  }

  @Test
  void aNumberForATextOptionIsItsText() {
    assertThat(merge(entries("name", 8080), "-options", "f").args())
        .containsExactly("-name", "8080", "-options", "f");
  }

  static Stream<Arguments> wrongEntries() {
    List<String> list = new ArrayList<>(List.of("a", "b"));
    return Stream.of(
        Arguments.of("workers", "4", "key workers: expected a whole number, was the string \"4\""),
        Arguments.of("workers", 4.5, "key workers: expected a whole number, was 4.5"),
        Arguments.of("grace", "2s", "key grace: expected a number, was the string \"2s\""),
        Arguments.of("sticky", "yes", "key sticky: expected true or false, was the string \"yes\""),
        Arguments.of("sticky", 1, "key sticky: expected true or false, was 1"),
        Arguments.of("name", false, "key name: expected text, was the boolean false (quote it"),
        Arguments.of("host", list, "key host: expected one value, was a list"),
        Arguments.of("workers", null, "key workers: has no value"),
        Arguments.of("wrokers", 2, "key wrokers: no such option (keys are the options of "
            + "'java -jar launcher.jar --help' without their leading dash, and verticle)"),
        Arguments.of("-workers", 2,
            "key -workers: write option names without their leading dash: workers"),
        Arguments.of("help", true, "key help: cannot be set in an options file"),
        Arguments.of("options", "other.yaml", "key options: cannot be set in an options file"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("wrongEntries")
  void aWrongEntryIsOneLineNamingTheFileAndKey(String key, Object value, String message) {
    Map<String, Object> entries = new LinkedHashMap<>();
    entries.put(key, value);
    assertThatThrownBy(() -> merge(entries, "-options", "shop.yaml"))
        .isInstanceOf(OptionsFileException.class)
        .hasMessageStartingWith("options file shop.yaml, " + message);
  }

  @Test
  void aValueTheLauncherRefusesLaterIsTracedToItsKey() {
    OptionsFileArgs.Merged merged = merge(entries("health", "/healthz", "health-interval", 0.05,
        "verticle", "com.x.Missing"), "-options", "shop.yaml");
    assertThat(merged.attribute("-health-interval must be >= 0.1 seconds, was 0.05"))
        .isEqualTo("-health-interval must be >= 0.1 seconds, was 0.05 "
            + "(key health-interval of options file shop.yaml)");
    assertThat(merged.attribute("verticle class com.x.Missing not found"))
        .endsWith("(key verticle of options file shop.yaml)");
    assertThat(merged.attribute("-workers must be >= 1, was 0"))
        .as("an option the file did not set").isEqualTo("-workers must be >= 1, was 0");
  }

  @Test
  void withoutOptionsOrWithASubcommandTheCommandLineIsUsedAsItIs() {
    assertThat(OptionsFileArgs.merge(() -> new CommandLine(new LauncherCommand()),
        new String[] {"-workers", "2", "com.x.Main"})).isNull();
    assertThat(OptionsFileArgs.merge(() -> new CommandLine(new LauncherCommand()),
        new String[] {"status"})).isNull();
  }

  @Test
  void theFileNamedOnTheCommandLineIsRead(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("shop.yml"), "workers: 3\nverticle: com.x.Main\n");
    OptionsFileArgs.Merged merged = OptionsFileArgs.merge(
        () -> new CommandLine(new LauncherCommand()),
        new String[] {"-options", file.toString(), "-port", "0"});
    assertThat(merged.args()).containsExactly("-workers", "3", "-options", file.toString(),
        "-port", "0", "com.x.Main");
  }

  /** A command with kinds of option the launcher does not have yet. */
  @Command(name = "future")
  static final class FutureCommand {
    @Option(names = "-options") Path options;
    @Option(names = "-member") List<String> members;
    @Option(names = "-label") Map<String, String> labels;
    @Option(names = "-ratio") double ratio;
    @Option(names = "-mode") java.util.concurrent.TimeUnit mode;
    @Option(names = "-verbose", arity = "1") boolean verbose;
    @Parameters(paramLabel = "<files>") List<String> files;
  }

  @Test
  void optionsOfEveryKindAreTakenFromTheCommandAlone() {
    CommandLine line = new CommandLine(new FutureCommand());
    String[] args = {"-options", "f.json"};
    OptionsFileArgs.Merged merged = OptionsFileArgs.merge(line.getCommandSpec(),
        line.parseArgs(args), Path.of("f.json"), entries("member", List.of("10.0.0.1",
            "10.0.0.2"), "label", Map.of("zone", "a"), "ratio", 1, "mode", "SECONDS",
            "verbose", false, "files", List.of("a.txt", "b.txt")), args);
    assertThat(merged.args()).containsExactly("-member", "10.0.0.1", "-member", "10.0.0.2",
        "-label", "zone=a", "-ratio", "1", "-mode", "SECONDS", "-verbose", "false",
        "-options", "f.json", "a.txt", "b.txt");
    FutureCommand parsed = new FutureCommand();
    new CommandLine(parsed).parseArgs(merged.args());
    assertThat(parsed.members).containsExactly("10.0.0.1", "10.0.0.2");
    assertThat(parsed.labels).containsExactly(Map.entry("zone", "a"));
    assertThat(parsed.files).containsExactly("a.txt", "b.txt");
  }
}
