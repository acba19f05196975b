package dev.rag.llm.ort;

import dev.rag.llm.backend.Backend;
import dev.rag.llm.backend.BackendProvider;
import dev.rag.llm.model.ModelConfig;
import dev.rag.llm.model.ModelWeights;

/**
 * Offers the ONNX Runtime backend as {@code onnxruntime} to tools that only know llm-runtime
 * ({@code rag generate}).
 */
public final class OrtBackendProvider implements BackendProvider {

  @Override
  public String name() {
    return "onnxruntime";
  }

  @Override
  public Backend create(ModelConfig config, ModelWeights weights, String device, int threads) {
    return OrtBackend.create(config, weights, OrtDevice.parse(device), threads);
  }
}
