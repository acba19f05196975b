package dev.rag.llm.backend;

import dev.rag.llm.model.ModelConfig;
import dev.rag.llm.model.ModelWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A backend that lives in another module (ONNX Runtime in {@code llm-runtime-ort}), found with
 * {@link ServiceLoader} so this dependency-free module can offer it when it is on the class path.
 */
public interface BackendProvider {

  /** The name users select it by, e.g. {@code onnxruntime}. */
  String name();

  /**
   * Starts the backend for these weights.
   *
   * @param device where it runs, e.g. {@code cpu} or {@code cuda}
   * @throws RuntimeException whose message names what is missing when it cannot run here
   */
  Backend create(ModelConfig config, ModelWeights weights, String device, int threads);

  /** The provider called {@code name}; the message lists those present when it is absent. */
  static BackendProvider named(String name) {
    List<String> present = new ArrayList<>();
    for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
      if (p.name().equals(name)) {
        return p;
      }
      present.add(p.name());
    }
    throw new IllegalArgumentException(
        "backend '"
            + name
            + "' is not on the class path (found: java"
            + (present.isEmpty() ? "" : ", " + String.join(", ", present))
            + "); the onnxruntime backend needs "
            + "libs/llm-runtime-ort and its ONNX Runtime jar");
  }
}
