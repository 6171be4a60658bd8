package io.clusterkit.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An options file is JSON or YAML by its extension, else by its first character. */
class OptionsFileTest {

  @ParameterizedTest(name = "{0} -> json {2}")
  @CsvSource(delimiter = '|', value = {
      "app.json|workers: 2|true",
      "app.JSON|workers: 2|true",
      "app.yaml|{\"workers\": 2}|false",
      "app.yml|{\"workers\": 2}|false",
      "app.conf|  {\"workers\": 2}|true",
      "app.conf|workers: 2|false",
      "options|# a comment|false"})
  void formatIsChosenByExtensionThenContent(String name, String text, boolean json) {
    assertThat(OptionsFile.json(name, text)).isEqualTo(json);
  }

  @Test
  void jsonAndYamlGiveTheSameEntriesInTheFilesOrder() {
    Map<String, Object> json = OptionsFile.parse("a.json", "{\"workers\": 4, \"verticle\": "
        + "\"com.x.Main\", \"sticky\": true, \"grace\": 2.5, \"conf\": {\"db\": {\"port\": 5432}},"
        + " \"list\": [1, \"two\"]}");
    Map<String, Object> yaml = OptionsFile.parse("a.yaml", String.join("\n",
        "# the shop", "workers: 4", "verticle: com.x.Main", "sticky: true", "grace: 2.5",
        "conf:", "  db:", "    port: 5432", "list: [1, two]"));
    assertThat(json).isEqualTo(yaml);
    assertThat(json.keySet()).containsExactly("workers", "verticle", "sticky", "grace", "conf",
        "list");
    assertThat(json.get("conf")).isEqualTo(Map.of("db", Map.of("port", 5432)));
    assertThat(json.get("list")).isEqualTo(List.of(1, "two"));
  }

  @Test
  void anEmptyYamlFileHasNoEntries() {
    assertThat(OptionsFile.parse("a.yaml", "# nothing yet\n")).isEmpty();
  }

  @Test
  void yamlDuplicateKeysAreRefusedWithTheLine() {
    assertThatThrownBy(() -> OptionsFile.parse("a.yaml", "workers: 2\nworkers: 3\n"))
        .isInstanceOf(OptionsFileException.class)
        .hasMessage("options file a.yaml is not valid YAML: found duplicate key workers (line 2)");
  }

  @Test
  void jsonDuplicateKeysAreRefusedWithTheLine() {
    assertThatThrownBy(() -> OptionsFile.parse("a.json", "{\"workers\": 2,\n\"workers\": 3}"))
        .isInstanceOf(OptionsFileException.class)
        .hasMessage("options file a.json is not a JSON object of options: Duplicate field "
            + "'workers' (line 2)");
  }

  @Test
  void malformedYamlIsOneLineWithTheLine() {
    assertThatThrownBy(() -> OptionsFile.parse("a.yaml", "workers: 2\nport: [1\n"))
        .isInstanceOf(OptionsFileException.class)
        .hasMessageStartingWith("options file a.yaml is not valid YAML: ")
        .hasMessageContaining("(line 3)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void malformedJsonIsOneLine() {
    assertThatThrownBy(() -> OptionsFile.parse("a.json", "{\"workers\": 2,}"))
        .isInstanceOf(OptionsFileException.class)
        .hasMessageStartingWith("options file a.json is not a JSON object of options: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aYamlListIsNotAnOptionsFile() {
    assertThatThrownBy(() -> OptionsFile.parse("a.yaml", "- workers\n- 2\n"))
        .hasMessage("options file a.yaml must be a mapping of option names to values, was a list");
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("gone.yaml");
    assertThatThrownBy(() -> OptionsFile.read(missing))
        .hasMessage("options file " + missing + " does not exist");
  }

  @Test
  void aFileIsReadFromDisk(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("shop"), "{\"workers\": 3}");
    assertThat(OptionsFile.read(file)).containsExactly(Map.entry("workers", 3));
  }
}
