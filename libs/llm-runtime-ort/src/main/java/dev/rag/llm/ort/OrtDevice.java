package dev.rag.llm.ort;

import java.util.Locale;

/** Where ONNX Runtime executes the decoder graph: its CPU or its CUDA execution provider. */
public enum OrtDevice {
  CPU,
  /** NVIDIA GPUs through the onnxruntime_gpu artifact (Maven profile {@code cuda}). */
  CUDA;

  /** Parses {@code cpu} or {@code cuda}, case-insensitively. */
  public static OrtDevice parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "cpu" -> CPU;
      case "cuda" -> CUDA;
      default -> throw new IllegalArgumentException("device '" + name + "' must be cpu or cuda");
    };
  }
}
