package dev.rag.generation.llm;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.generation.openai.*}: the OpenAI-compatible model server that generates answers when
 * {@code rag.generation.backend=openai} (vLLM, llama.cpp's server, Ollama, another
 * generation-service, OpenAI itself).
 *
 * @param baseUrl the server's API root, the part before {@code /chat/completions} (default {@code
 *     http://127.0.0.1:8000/v1}, vLLM's)
 * @param model the model id sent with every request; required with this backend, it is also the
 *     {@code model} answers report (no default)
 * @param apiKey sent as {@code Authorization: Bearer}; empty sends none (default empty)
 * @param connectTimeout connecting to the server (default 5s)
 * @param responseTimeout from sending a request to the start of the server's response (a queue or a
 *     long prompt's prefill); the whole generation is bounded by {@code
 *     rag.generation.generation-timeout} (default 60s)
 * @param contextTokens the server model's prompt-plus-answer window that prompts are budgeted
 *     against; the server's tokenizer is unknown here, so prompts are measured at 4 characters a
 *     token (default 8192)
 */
@Validated
@ConfigurationProperties("rag.generation.openai")
public record OpenAiProperties(
    @NotNull @DefaultValue("http://127.0.0.1:8000/v1") URI baseUrl,
    String model,
    @DefaultValue("") String apiKey,
    @NotNull @DefaultValue("5s") Duration connectTimeout,
    @NotNull @DefaultValue("60s") Duration responseTimeout,
    @Min(64) @DefaultValue("8192") int contextTokens) {

  /** The defaults with the given server and model (tests, tools). */
  public static OpenAiProperties of(URI baseUrl, String model) {
    return new OpenAiProperties(
        baseUrl, model, "", Duration.ofSeconds(5), Duration.ofSeconds(60), 8192);
  }
}
