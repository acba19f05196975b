package dev.rag.eval.beir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The three files of one BEIR dataset split.
 *
 * @param corpus {@code corpus.jsonl} or {@code corpus.jsonl.gz}
 * @param queries {@code queries.jsonl}
 * @param qrels a {@code qrels/*.tsv} file
 */
public record BeirDataset(Path corpus, Path queries, Path qrels) {

  public BeirDataset {
    requireFile(corpus, "corpus");
    requireFile(queries, "queries");
    requireFile(qrels, "qrels");
  }

  /**
   * The dataset's name: the folder holding the corpus ({@code scifact} for {@code
   * datasets/scifact/corpus.jsonl.gz}), else the corpus file name without extensions.
   */
  public String name() {
    Path absolute = corpus.toAbsolutePath().normalize();
    Path folder = absolute.getParent();
    if (folder != null && folder.getFileName() != null) {
      return folder.getFileName().toString();
    }
    String file = absolute.getFileName().toString();
    int dot = file.indexOf('.');
    return (dot > 0 ? file.substring(0, dot) : file).toLowerCase(Locale.ROOT);
  }

  private static void requireFile(Path file, String what) {
    if (file == null) {
      throw new IllegalArgumentException(what + " file is required");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(
          what + " file '" + file + "' does not exist or is not readable");
    }
  }
}
