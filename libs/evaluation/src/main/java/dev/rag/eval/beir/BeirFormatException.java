package dev.rag.eval.beir;

import java.nio.file.Path;

/** A dataset file that does not follow the BEIR layout; the message names file and line. */
public final class BeirFormatException extends RuntimeException {

  public BeirFormatException(Path file, long line, String problem) {
    super(file + ":" + line + ": " + problem);
  }

  public BeirFormatException(Path file, long line, String problem, Throwable cause) {
    super(file + ":" + line + ": " + problem, cause);
  }
}
