package dev.rag.llm.cli;

import dev.rag.cli.ArgumentReader;
import dev.rag.llm.engine.PromptLookup;
import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.tensor.ActivationFormat;
import java.nio.file.Path;

/**
 * Parsed flags of {@code rag generate}.
 *
 * @param model GGUF file
 * @param prompt prompt text (empty: start from BOS)
 * @param tokens tokens to generate per request ({@code -n})
 * @param temperature 0 = greedy
 * @param seed sampling seed (request i uses seed + i)
 * @param threads compute threads
 * @param quantize quantize on load to Q8_0, Q4_0, Q6_K or Q4_K, or null (K-quants only for matrices
 *     whose rows are multiples of 256)
 * @param parallel concurrent requests
 * @param stats print a JSON stats line to stderr
 * @param backend {@code java}, or a {@link dev.rag.llm.backend.BackendProvider} on the class path
 *     (e.g. {@code onnxruntime})
 * @param device where a provided backend runs ({@code cpu} or {@code cuda})
 * @param activations how the java backend multiplies Q8_0/Q4_0 weights: int8 activations ({@code
 *     q8}, faster) or float ({@code f32}, exact, the default)
 * @param promptIds token ids to use as the prompt instead of text ({@code --prompt-ids "1 5 9"}),
 *     or null
 * @param logitsOut parity run: write the logits after every fed token as JSONL here (needs {@code
 *     --prompt-ids} and {@code --temp 0}), or null
 * @param speculation {@code --speculate lookup} with {@code --draft-tokens k}: prompt-lookup
 *     drafts, or {@link PromptLookup#OFF}
 * @param draftModel {@code --speculate draft:FILE}: a GGUF of the same vocabulary whose greedy
 *     continuation is the draft (k tokens per step), or null
 * @param draftTokens {@code --draft-tokens k}, most drafts per step
 */
record GenerateOptions(
    Path model,
    String prompt,
    int tokens,
    float temperature,
    long seed,
    int threads,
    GgmlType quantize,
    int parallel,
    boolean stats,
    String backend,
    String device,
    ActivationFormat activations,
    int[] promptIds,
    Path logitsOut,
    PromptLookup speculation,
    Path draftModel,
    int draftTokens) {

  static final String USAGE =
      "usage: rag generate --model F.gguf --prompt TEXT -n N [--temp T] [--seed S] "
          + "[--threads T] [--quantize q8_0|q4_0|q6_k|q4_k] [--parallel C] [--stats] [--backend java|onnxruntime] "
          + "[--device cpu|cuda] [--activations q8|f32] [--speculate lookup|draft:F.gguf|off] [--draft-tokens K]\n"
          + "       rag generate --model F.gguf --prompt-ids \"1 5 9 ...\" -n N --temp 0 --logits-out FILE.jsonl";

  static GenerateOptions parse(String[] args) {
    Path model = null;
    String prompt = null;
    int n = 256;
    float temp = 0.8f;
    long seed = 42;
    int threads = Runtime.getRuntime().availableProcessors();
    GgmlType quantize = null;
    int parallel = 1;
    boolean stats = false;
    String backend = "java";
    String device = "cpu";
    ActivationFormat activations = ActivationFormat.F32;
    int[] promptIds = null;
    Path logitsOut = null;
    String speculate = "off";
    int draftTokens = 4;
    ArgumentReader flags = new ArgumentReader(args);
    while (flags.hasNext()) {
      switch (flags.next()) {
        case "--model" -> model = Path.of(flags.value());
        case "--prompt" -> prompt = flags.value();
        case "-n" -> n = flags.intValue(1, 1 << 20);
        case "--temp" -> temp = flags.floatValue();
        case "--seed" -> seed = flags.longValue();
        case "--threads" -> threads = flags.intValue(1, 1024);
        case "--quantize" -> quantize = quantize(flags.value());
        case "--parallel" -> parallel = flags.intValue(1, 256);
        case "--stats" -> stats = true;
        case "--backend" -> backend = flags.value();
        case "--device" -> device = flags.value();
        case "--activations" -> activations = ActivationFormat.parse(flags.value());
        case "--prompt-ids" -> promptIds = ids(flags.value());
        case "--logits-out" -> logitsOut = Path.of(flags.value());
        case "--speculate" -> speculate = flags.value();
        case "--draft-tokens" -> draftTokens = flags.intValue(1, 64);
        default -> throw flags.unknown();
      }
    }
    if (model == null) {
      throw new IllegalArgumentException("--model is required");
    }
    if (prompt != null && promptIds != null) {
      throw new IllegalArgumentException("give either --prompt or --prompt-ids, not both");
    }
    if (prompt == null && promptIds == null) {
      throw new IllegalArgumentException("--prompt is required (use \"\" to start from BOS)");
    }
    if (!(temp >= 0 && temp <= 100)) {
      throw new IllegalArgumentException("--temp " + temp + " outside [0, 100]");
    }
    if (logitsOut != null
        && (promptIds == null || temp != 0 || parallel != 1 || !backend.equals("java"))) {
      throw new IllegalArgumentException(
          "--logits-out needs --prompt-ids, --temp 0, one request and the java backend");
    }
    Path draftModel = null;
    PromptLookup speculation = PromptLookup.OFF;
    if (speculate.equals("lookup")) {
      speculation = PromptLookup.of(draftTokens);
    } else if (speculate.startsWith("draft:") && speculate.length() > "draft:".length()) {
      draftModel = Path.of(speculate.substring("draft:".length()));
    } else if (!speculate.equals("off")) {
      throw new IllegalArgumentException(
          "--speculate must be lookup, draft:FILE.gguf or off, got " + speculate);
    }
    if ((speculation.enabled() || draftModel != null) && !backend.equals("java")) {
      throw new IllegalArgumentException("--speculate needs the java backend (it verifies drafts)");
    }
    return new GenerateOptions(
        model,
        prompt == null ? "" : prompt,
        n,
        temp,
        seed,
        threads,
        quantize,
        parallel,
        stats,
        backend,
        device,
        activations,
        promptIds,
        logitsOut,
        speculation,
        draftModel,
        speculation.enabled() || draftModel != null ? draftTokens : 0);
  }

  private static GgmlType quantize(String name) {
    return switch (name.toLowerCase()) {
      case "q8_0" -> GgmlType.Q8_0;
      case "q4_0" -> GgmlType.Q4_0;
      case "q6_k" -> GgmlType.Q6_K;
      case "q4_k" -> GgmlType.Q4_K;
      default ->
          throw new IllegalArgumentException(
              "--quantize must be q8_0, q4_0, q6_k or q4_k, got " + name);
    };
  }

  /** Token ids separated by spaces or commas. */
  private static int[] ids(String v) {
    String trimmed = v.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("--prompt-ids needs at least one token id");
    }
    String[] parts = trimmed.split("[\\s,]+");
    int[] ids = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        ids[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--prompt-ids needs integers, got '" + parts[i] + "'");
      }
    }
    return ids;
  }
}
