package dev.rag.llm.sampling;

/**
 * How the next token is chosen.
 *
 * @param temperature 0 = greedy (argmax); otherwise logits are divided by it
 * @param topK keep the k most likely tokens (0 = off)
 * @param topP keep the smallest set with cumulative probability >= p (1 = off)
 * @param minP drop tokens below minP x the top probability (0 = off)
 * @param repetitionPenalty divide positive / multiply negative logits of recent tokens (1 = off)
 * @param seed random seed, for reproducible sampling
 */
public record SamplingParams(
    float temperature, int topK, float topP, float minP, float repetitionPenalty, long seed) {

  public static final SamplingParams GREEDY = new SamplingParams(0f, 0, 1f, 0f, 1f, 0);

  public SamplingParams {
    if (!(temperature >= 0) || temperature > 100) {
      throw new IllegalArgumentException("temperature " + temperature + " outside [0, 100]");
    }
    if (topK < 0) {
      throw new IllegalArgumentException("topK " + topK + " must be >= 0");
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP " + topP + " outside (0, 1]");
    }
    if (!(minP >= 0 && minP < 1)) {
      throw new IllegalArgumentException("minP " + minP + " outside [0, 1)");
    }
    if (!(repetitionPenalty > 0) || repetitionPenalty > 10) {
      throw new IllegalArgumentException(
          "repetitionPenalty " + repetitionPenalty + " outside (0, 10]");
    }
  }

  public static SamplingParams of(float temperature, long seed) {
    return new SamplingParams(temperature, 40, 0.95f, 0.05f, 1f, seed);
  }

  public boolean greedy() {
    return temperature == 0f;
  }
}
