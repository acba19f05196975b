package dev.rag.llm.tensor;

import java.util.Locale;

/**
 * How {@link MatMul} feeds activations to Q8_0 and Q4_0 weights. {@link #Q8} rounds each activation
 * vector to 8 bits per 32-element block (one float scale per block, as llama.cpp does), so a
 * block's dot product runs on integers: about twice as fast on AVX2, at the cost of one rounding
 * per activation. With K-quant weights, {@link #Q8} quantizes the activations as llama.cpp's Q8_K
 * blocks ({@link Q8KActivations}) and multiplies in integers as llama.cpp does, which reproduces
 * its results bit for bit. {@link #Q8} also makes the forward pass round as llama.cpp does around
 * attention (an fp16 KV cache, fp16 queries and softmax weights) and use ggml's RMSNorm arithmetic;
 * see {@code LlamaForward}. {@link #F32} multiplies the decoded weights with the float activations
 * (exact path). Other weight formats always use float activations.
 */
public enum ActivationFormat {
  Q8,
  F32;

  /** {@code q8} or {@code f32}, case-insensitive. */
  public static ActivationFormat parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "q8" -> Q8;
      case "f32" -> F32;
      default ->
          throw new IllegalArgumentException("activations must be q8 or f32, got '" + name + "'");
    };
  }
}
