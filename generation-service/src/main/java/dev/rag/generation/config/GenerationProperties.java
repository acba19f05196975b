package dev.rag.generation.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.generation.*}.
 *
 * @param model a GGUF file; unset means extractive answers only (no generative model). A file that
 *     cannot be loaded is logged and the service answers extractively, saying so
 * @param backend {@code java} (CPU, Vector API) or {@code onnxruntime} (the decoder as an ONNX
 *     graph in ONNX Runtime; same engine, scheduler, sampling and paged KV cache), or {@code
 *     openai}: any OpenAI-compatible model server generates instead ({@code
 *     rag.generation.openai.*}; {@code model} is then not read)
 * @param threads decode threads; 0 means one per core (default 0)
 * @param retrievalUrl base URL of retrieval-service
 * @param rerankUrl base URL of rerank-service
 * @param rerankTimeout connect and read timeout of one rerank call; on expiry the fused order is
 *     used and flagged (default 3s)
 * @param retrievalTimeout connect and read timeout of one retrieval call; on expiry the answer
 *     fails with a 504 problem (default 10s)
 * @param candidates chunks retrieved (hybrid) and handed to the reranker (default 20)
 * @param contextSources most reranked chunks that become numbered sources (default 5)
 * @param defaultCollection collection searched when a request names none (default {@code samples},
 *     the one {@code rag demo} fills)
 * @param maxQuestionChars longest accepted question; longer ones get a 413 problem (default 4000)
 * @param defaultMaxTokens answer tokens generated when a request sets no {@code max_tokens}
 *     (default 256)
 * @param maxTokensLimit largest accepted {@code max_tokens} (default 2048)
 * @param contextTokens the prompt-plus-answer window; 0 means the model's own context length, a
 *     smaller value caps it (models trained on shorter text than their metadata claims) (default 0)
 * @param minRelevance share of the question's IDF weight a sentence must cover to be used in an
 *     extractive answer; below it for every sentence the answer says it does not know (default 0.3)
 * @param answerSentences most sentences in an extractive answer (default 3)
 * @param kvCache memory of the paged KV cache (default 256MB)
 * @param maxBatch most requests decoded together by the continuous-batching engine (default 16)
 * @param generationTimeout longest one generation may run before it is cancelled (default 120s)
 * @param device where the {@code onnxruntime} backend runs: {@code cpu} (its CPU execution
 *     provider) or {@code cuda} (needs the service built with {@code -Pcuda}, CUDA 12 and cuDNN 9)
 *     (default cpu; ignored by the Java backend)
 * @param fallbackToJava when the {@code onnxruntime} backend cannot start (no CUDA provider or
 *     library, an operator this ONNX Runtime lacks), log the reason and run the Java backend; false
 *     makes the model unavailable instead, with that reason (default true)
 * @param activations how the Java backend feeds activations to Q8_0/Q4_0 weights: {@code q8}
 *     (rounded to 8 bits per 32-value block, as llama.cpp does; about twice the decode speed) or
 *     {@code f32} (exact float arithmetic) (default f32, so that a quantized model's greedy output
 *     stays that of its exact arithmetic; other weight types always use f32)
 * @param speculation speculative decoding: {@code mode} {@code off} (default), {@code lookup}
 *     (drafts copied from the prompt, where an answer quoting its sources continues a phrase
 *     already there) or {@code draft} (the greedy continuation of {@code draft-model}, a smaller
 *     GGUF of the same tokenizer, run on the model's threads); drafts are verified in one forward
 *     pass, output unchanged; {@code draft-tokens} most drafts per step (default 4); only the
 *     {@code java} backend verifies drafts
 */
@Validated
@ConfigurationProperties("rag.generation")
public record GenerationProperties(
    Path model,
    @NotNull @DefaultValue("java") Backend backend,
    @Min(0) @Max(256) @DefaultValue("0") int threads,
    @NotNull URI retrievalUrl,
    @NotNull URI rerankUrl,
    @NotNull @DefaultValue("3s") Duration rerankTimeout,
    @NotNull @DefaultValue("10s") Duration retrievalTimeout,
    @Min(1) @Max(100) @DefaultValue("20") int candidates,
    @Min(1) @Max(20) @DefaultValue("5") int contextSources,
    @NotBlank @DefaultValue("samples") String defaultCollection,
    @Min(16) @Max(100_000) @DefaultValue("4000") int maxQuestionChars,
    @Min(1) @Max(32_768) @DefaultValue("256") int defaultMaxTokens,
    @Min(1) @Max(32_768) @DefaultValue("2048") int maxTokensLimit,
    @Min(0) @DefaultValue("0") int contextTokens,
    @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.3") double minRelevance,
    @Min(1) @Max(10) @DefaultValue("3") int answerSentences,
    @NotNull @DefaultValue("256MB") DataSize kvCache,
    @Min(1) @Max(256) @DefaultValue("16") int maxBatch,
    @NotNull @DefaultValue("120s") Duration generationTimeout,
    @NotNull @DefaultValue("cpu") Device device,
    @DefaultValue("true") boolean fallbackToJava,
    @NotNull @DefaultValue("f32") Activations activations,
    @NotNull @DefaultValue Speculation speculation) {

  /** {@code rag.generation.speculation.*}. */
  public record Speculation(
      @NotNull @DefaultValue("off") Mode mode,
      @Min(1) @Max(16) @DefaultValue("4") int draftTokens,
      Path draftModel) {

    /** Where drafts come from. */
    public enum Mode {
      OFF,
      LOOKUP,
      /** The greedy continuation of {@code draft-model}, a GGUF of the same tokenizer. */
      DRAFT
    }

    public Speculation {
      if (mode == Mode.DRAFT && draftModel == null) {
        throw new IllegalArgumentException(
            "rag.generation.speculation.mode=draft needs rag.generation.speculation.draft-model,"
                + " a GGUF file of the same tokenizer as the model");
      }
    }

    public static final Speculation OFF = new Speculation(Mode.OFF, 4, null);
  }

  /** Which runtime backend runs the model. */
  public enum Backend {
    JAVA,
    ONNXRUNTIME,
    OPENAI
  }

  /**
   * How the Java backend feeds activations to 8- and 4-bit weights; the service's own names for the
   * runtime's formats, so that configuration does not reach into the runtime.
   */
  public enum Activations {
    /** Rounded to 8 bits per 32-value block, as llama.cpp does. */
    Q8,
    /** Exact float arithmetic. */
    F32
  }

  /** Where the ONNX Runtime backend executes. */
  public enum Device {
    CPU,
    CUDA
  }

  /** The defaults above with the given model and downstream URLs (tests, tools). */
  public static GenerationProperties defaults(Path model, URI retrievalUrl, URI rerankUrl) {
    return new GenerationProperties(
        model,
        Backend.JAVA,
        0,
        retrievalUrl,
        rerankUrl,
        Duration.ofSeconds(3),
        Duration.ofSeconds(10),
        20,
        5,
        "samples",
        4000,
        256,
        2048,
        0,
        0.3,
        3,
        DataSize.ofMegabytes(256),
        16,
        Duration.ofSeconds(120),
        Device.CPU,
        true,
        Activations.F32,
        Speculation.OFF);
  }

  /** A copy with another rerank timeout. */
  public GenerationProperties withRerankTimeout(Duration timeout) {
    return new GenerationProperties(
        model,
        backend,
        threads,
        retrievalUrl,
        rerankUrl,
        timeout,
        retrievalTimeout,
        candidates,
        contextSources,
        defaultCollection,
        maxQuestionChars,
        defaultMaxTokens,
        maxTokensLimit,
        contextTokens,
        minRelevance,
        answerSentences,
        kvCache,
        maxBatch,
        generationTimeout,
        device,
        fallbackToJava,
        activations,
        speculation);
  }

  /** A copy running on another backend and device. */
  public GenerationProperties withBackend(Backend newBackend, Device newDevice, boolean fallback) {
    return new GenerationProperties(
        model,
        newBackend,
        threads,
        retrievalUrl,
        rerankUrl,
        rerankTimeout,
        retrievalTimeout,
        candidates,
        contextSources,
        defaultCollection,
        maxQuestionChars,
        defaultMaxTokens,
        maxTokensLimit,
        contextTokens,
        minRelevance,
        answerSentences,
        kvCache,
        maxBatch,
        generationTimeout,
        newDevice,
        fallback,
        activations,
        speculation);
  }
}
