package dev.rag.e2e.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ops/grafana/awaited-metrics.txt}: metric → the module that will expose it, and what it is.
 */
final class AwaitedMetrics {

  private AwaitedMetrics() {}

  static Map<String, String> read(Path file) {
    Map<String, String> awaited = new TreeMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        String trimmed = line.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
          String[] parts = trimmed.split("\\s+", 2);
          awaited.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return awaited;
  }
}
