package dev.rag.generation.llm;

import dev.rag.generation.config.GenerationProperties;
import dev.rag.llm.backend.Backend;
import dev.rag.llm.backend.cpu.CpuBackend;
import dev.rag.llm.engine.LoadedModel;
import dev.rag.llm.ort.OrtBackend;
import dev.rag.llm.ort.OrtDevice;
import dev.rag.llm.ort.OrtUnavailableException;
import dev.rag.llm.tensor.ActivationFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime backend {@code rag.generation.backend} and {@code .device} ask for, started; or the
 * Java backend when ONNX Runtime cannot run here and {@code rag.generation.fallback-to-java} allows
 * it. Either way the engine on top is the same.
 *
 * @param name {@code java}, {@code onnxruntime-cpu} or {@code onnxruntime-cuda}
 */
record ChosenBackend(Backend backend, String name) {

  private static final Logger log = LoggerFactory.getLogger(ChosenBackend.class);

  /**
   * @throws IllegalStateException naming what is missing, when ONNX Runtime was asked for, cannot
   *     start, and falling back is switched off
   */
  static ChosenBackend start(GenerationProperties properties, LoadedModel model, int threads) {
    if (properties.backend() == GenerationProperties.Backend.ONNXRUNTIME) {
      OrtDevice device = OrtDevice.valueOf(properties.device().name());
      try {
        OrtBackend ort = OrtBackend.create(model.config(), model.weights(), device, threads);
        return new ChosenBackend(ort, "onnxruntime-" + device.name().toLowerCase());
      } catch (OrtUnavailableException | LinkageError e) {
        if (!properties.fallbackToJava()) {
          throw new IllegalStateException(
              "rag.generation.backend=onnxruntime on "
                  + device
                  + " cannot start: "
                  + e.getMessage()
                  + " (rag.generation.fallback-to-java=true would run the Java backend instead)",
              e);
        }
        log.error(
            "rag.generation.backend=onnxruntime on {} cannot start: {}; falling back to the Java backend "
                + "(rag.generation.fallback-to-java)",
            device,
            e.getMessage());
      }
    }
    return new ChosenBackend(
        new CpuBackend(
            model.config(),
            model.weights(),
            threads,
            ActivationFormat.valueOf(properties.activations().name())),
        "java");
  }
}
