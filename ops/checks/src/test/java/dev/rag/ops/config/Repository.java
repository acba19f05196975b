package dev.rag.ops.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository these checks run in, and the six services it builds. */
public final class Repository {

  /** The repository root (the tests run in {@code ops/checks}). */
  public static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

  /** Every service module, in start order. */
  public static final List<String> SERVICES =
      List.of(
          "ingest-service",
          "embedding-service",
          "retrieval-service",
          "rerank-service",
          "generation-service",
          "gateway");

  private Repository() {}

  public static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  public static String read(String relative) {
    try {
      return Files.readString(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Files directly in a folder of the repository whose names end with the suffix, sorted. */
  public static List<Path> files(String folder, String suffix) {
    try (Stream<Path> files = Files.list(path(folder))) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
