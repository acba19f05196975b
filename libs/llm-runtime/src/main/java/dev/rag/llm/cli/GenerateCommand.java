package dev.rag.llm.cli;

import dev.rag.cli.ArgumentReader;
import dev.rag.llm.backend.Backend;
import dev.rag.llm.backend.BackendProvider;
import dev.rag.llm.backend.cpu.CpuBackend;
import dev.rag.llm.backend.cpu.CpuThreadPool;
import dev.rag.llm.engine.DraftModel;
import dev.rag.llm.engine.Engine;
import dev.rag.llm.engine.EngineConfig;
import dev.rag.llm.engine.EngineStats;
import dev.rag.llm.engine.FinishReason;
import dev.rag.llm.engine.GenerationRequest;
import dev.rag.llm.engine.GenerationResult;
import dev.rag.llm.engine.LoadedModel;
import dev.rag.llm.engine.Request;
import dev.rag.llm.engine.TokenListener;
import dev.rag.llm.gguf.GgufFormatException;
import dev.rag.llm.kv.KvMetrics;
import dev.rag.llm.model.UnsupportedModelException;
import dev.rag.llm.sampling.SamplingParams;
import dev.rag.llm.tensor.UnsupportedTensorTypeException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code rag generate}: runs the runtime directly on a GGUF file and prints the generated text
 * (followed by a newline, as llama2.c's run does). With {@code --parallel C} the same prompt runs
 * as C concurrent requests through the continuous-batching engine.
 */
public final class GenerateCommand {
  /** Upper bound of the default KV budget. */
  private static final long MAX_DEFAULT_KV_BYTES = 1L << 30;

  private GenerateCommand() {}

  public static void main(String[] args) {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    System.exit(run(args, out, System.err));
  }

  /** Runs the command; returns the process exit code (0 ok, 1 runtime error, 2 usage). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (ArgumentReader.asksForHelp(args)) {
      out.println(GenerateOptions.USAGE);
      out.flush();
      return 0;
    }
    GenerateOptions o;
    try {
      o = GenerateOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println(GenerateOptions.USAGE);
      return 2;
    }
    try {
      generate(o, out, err);
      return 0;
    } catch (GgufFormatException
        | UnsupportedModelException
        | UnsupportedTensorTypeException
        | IllegalArgumentException
        | IOException e) {
      out.flush();
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private static void generate(GenerateOptions o, PrintStream out, PrintStream err)
      throws IOException {
    if (o.logitsOut() != null) {
      dumpLogits(o, out);
      return;
    }
    try (LoadedModel m = LoadedModel.load(o.model(), o.quantize());
        LoadedModel draft =
            o.draftModel() == null ? null : LoadedModel.load(o.draftModel(), null)) {
      // Empty prompt: generation starts from BOS alone (a model without BOS needs a prompt).
      int[] prompt =
          o.promptIds() != null
              ? o.promptIds()
              : m.tokenizer()
                  .encode(o.prompt(), m.tokenizer().addsBos() || o.prompt().isEmpty(), true);
      long contiguous =
          (long) o.parallel() * m.config().contextLength() * m.config().kvBytesPerToken();
      Backend backend =
          o.backend().equals("java")
              ? new CpuBackend(m.config(), m.weights(), o.threads(), o.activations())
              : BackendProvider.named(o.backend())
                  .create(m.config(), m.weights(), o.device(), o.threads());
      EngineConfig config =
          EngineConfig.withBudget(Math.min(contiguous, MAX_DEFAULT_KV_BYTES))
              .withSpeculation(
                  draft == null
                      ? o.speculation()
                      : draftModel(draft, (CpuBackend) backend, m, o.draftTokens(), o.parallel()));
      try (Engine engine = new Engine(backend, m.tokenizer(), config)) {
        List<Request> requests = new ArrayList<>();
        FirstToken firstToken = new FirstToken();
        for (int i = 0; i < o.parallel(); i++) {
          SamplingParams sp =
              o.temperature() == 0
                  ? SamplingParams.GREEDY
                  : SamplingParams.of(o.temperature(), o.seed() + i);
          TokenListener listener =
              firstToken.wrap(o.parallel() == 1 ? streamTo(out) : TokenListener.NONE);
          requests.add(
              engine.submit(GenerationRequest.of(prompt, sp, o.tokens()).withListener(listener)));
        }
        engine.runUntilIdle();
        printResults(requests, o, out, err);
        out.flush();
        if (o.stats()) {
          long cachedTokens = 0;
          for (Request r : requests) {
            // The last sampled token is never fed back, so it has no K/V.
            cachedTokens += r.length() - 1;
          }
          err.println(
              statsJson(
                  o,
                  prompt.length,
                  engine.stats(),
                  engine.kvMetrics(),
                  m,
                  contiguous,
                  cachedTokens,
                  firstToken.millis()));
        }
      }
    }
  }

  /**
   * The parity run: logits after every fed token to {@code --logits-out}, greedy ids to {@code
   * out}.
   */
  private static void dumpLogits(GenerateOptions o, PrintStream out) throws IOException {
    try (LoadedModel m = LoadedModel.load(o.model(), o.quantize());
        CpuThreadPool pool = new CpuThreadPool(o.threads())) {
      LogitsDump.Result r =
          LogitsDump.greedy(
              m.config(), m.weights(), pool, o.activations(), o.promptIds(), o.tokens());
      try (Writer w = Files.newBufferedWriter(o.logitsOut(), StandardCharsets.UTF_8)) {
        LogitsDump.write(r, w);
      }
      StringBuilder ids = new StringBuilder();
      for (int t : r.greedy()) {
        ids.append(ids.isEmpty() ? "" : " ").append(t);
      }
      out.println(ids);
      out.flush();
    }
  }

  private static TokenListener streamTo(PrintStream out) {
    return new TokenListener() {
      @Override
      public void onToken(int token, String textDelta) {
        out.print(textDelta);
      }

      @Override
      public void onFinish(FinishReason reason, String error) {
        out.print('\n');
        out.flush();
      }
    };
  }

  private static void printResults(
      List<Request> requests, GenerateOptions o, PrintStream out, PrintStream err) {
    for (int i = 0; i < requests.size(); i++) {
      GenerationResult r = requests.get(i).result().join();
      if (r.reason() == FinishReason.ERROR) {
        err.println("error: request " + i + ": " + r.error());
      }
      if (o.parallel() > 1) {
        out.println("[request " + i + "]");
        out.println(r.text());
      }
    }
  }

  static String statsJson(
      GenerateOptions o,
      int promptTokens,
      EngineStats s,
      KvMetrics kv,
      LoadedModel m,
      long contiguousBytes,
      long cachedTokens,
      double firstTokenMillis) {
    long usedBytes = (long) s.peakUsedBlocks() * kv.blockSize() * kv.bytesPerToken();
    long tokenBytes = cachedTokens * kv.bytesPerToken();
    return String.format(
        Locale.ROOT,
        "{\"prompt_tokens\":%d,\"generated_tokens\":%d,\"parallel\":%d,"
            + "\"threads\":%d,\"activations\":\"%s\",\"prefill_tok_s\":%.2f,\"decode_tok_s\":%.2f,"
            + "\"kv_blocks_used\":%d,\"kv_blocks_total\":%d,\"kv_block_size\":%d,\"kv_bytes_used\":%d,"
            + "\"kv_bytes_tokens\":%d,\"kv_bytes_contiguous_max_context\":%d,\"preemptions\":%d,"
            + "\"weights_bytes_per_token\":%d,\"time_to_first_token_ms\":%.1f,\"draft_tokens\":%d,"
            + "\"drafts_proposed\":%d,\"acceptance_rate\":%.3f,\"tokens_per_verification\":%.2f}",
        (long) promptTokens * o.parallel(),
        s.generatedTokens(),
        o.parallel(),
        o.threads(),
        o.activations().name().toLowerCase(Locale.ROOT),
        s.prefillTokensPerSecond(),
        s.decodeTokensPerSecond(),
        s.peakUsedBlocks(),
        kv.totalBlocks(),
        kv.blockSize(),
        usedBytes,
        tokenBytes,
        contiguousBytes,
        s.preemptions(),
        m.weights().bytesReadPerToken(),
        firstTokenMillis,
        o.draftTokens(),
        s.draftsProposed(),
        s.acceptanceRate(),
        s.tokensPerVerification());
  }

  /** {@code --speculate draft:FILE}: the draft runs on the model's own threads. */
  private static DraftModel draftModel(
      LoadedModel draft, CpuBackend backend, LoadedModel m, int draftTokens, int parallel) {
    DraftModel.requireSameTokens(m.tokenizer(), draft.tokenizer());
    long contiguous =
        (long) parallel * draft.config().contextLength() * draft.config().kvBytesPerToken();
    return new DraftModel(
        backend.sharingThreads(draft.config(), draft.weights()),
        draftTokens,
        m.config().vocabSize(),
        Math.min(contiguous, MAX_DEFAULT_KV_BYTES));
  }

  /** When the first token of any request arrived, from the moment the requests were made. */
  private static final class FirstToken {
    private final long start = System.nanoTime();
    private volatile long first;

    TokenListener wrap(TokenListener inner) {
      return new TokenListener() {
        @Override
        public void onToken(int token, String textDelta) {
          if (first == 0) {
            first = System.nanoTime();
          }
          inner.onToken(token, textDelta);
        }

        @Override
        public void onFinish(FinishReason reason, String error) {
          inner.onFinish(reason, error);
        }
      };
    }

    double millis() {
      return first == 0 ? 0 : (first - start) / 1e6;
    }
  }
}
