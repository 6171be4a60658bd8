package io.clusterkit.launcher.cli;

/**
 * A mistake in an options file ({@code -options FILE}): the file cannot be read or parsed, or a
 * key is unknown, or a value has the wrong type. Its message is one line naming the file and the
 * key.
 */
final class OptionsFileException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  OptionsFileException(String message) {
    super(message);
  }
}
