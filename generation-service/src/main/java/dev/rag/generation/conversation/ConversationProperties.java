package dev.rag.generation.conversation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.generation.conversation.*}: how much history a question may bring and how it is
 * rewritten.
 *
 * @param maxTurns most earlier messages ({@code messages}) one request may carry; more is a 400
 *     problem (default 20)
 * @param maxChars most characters in all earlier messages together; more is a 413 problem (default
 *     16000)
 * @param rewriteMaxTokens most tokens a generative model may spend on the standalone question
 *     (default 48)
 * @param rewriteTimeout longest the model may take for it; on expiry the deterministic rewrite is
 *     used (default 10s)
 */
@Validated
@ConfigurationProperties("rag.generation.conversation")
public record ConversationProperties(
    @Min(0) @Max(200) @DefaultValue("20") int maxTurns,
    @Min(0) @Max(1_000_000) @DefaultValue("16000") int maxChars,
    @Min(8) @Max(512) @DefaultValue("48") int rewriteMaxTokens,
    @NotNull @DefaultValue("10s") Duration rewriteTimeout) {

  /** The defaults above (tests, tools). */
  public static ConversationProperties defaults() {
    return new ConversationProperties(20, 16000, 48, Duration.ofSeconds(10));
  }
}
