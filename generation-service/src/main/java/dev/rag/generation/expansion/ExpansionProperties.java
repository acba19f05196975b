package dev.rag.generation.expansion;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.generation.retrieval.*}: query expansion by the generative model (ignored without
 * one).
 *
 * @param hyde also retrieve (dense) with a hypothetical answer the model writes (default false)
 * @param multiQuery also retrieve with the model's rewrites of the question (default false)
 * @param queries most rewrites multi-query asks for (default 3)
 * @param maxTokens most tokens the model spends on the hypothetical answer or the rewrites (default
 *     96)
 * @param timeout longest the model may take for either; past it retrieval goes on without (default
 *     20s)
 * @param rrfK the Reciprocal Rank Fusion constant: each list adds 1/(k + rank) (default 60)
 */
@Validated
@ConfigurationProperties("rag.generation.retrieval")
public record ExpansionProperties(
    @DefaultValue("false") boolean hyde,
    @DefaultValue("false") boolean multiQuery,
    @Min(1) @Max(8) @DefaultValue("3") int queries,
    @Min(8) @Max(1024) @DefaultValue("96") int maxTokens,
    @NotNull @DefaultValue("20s") Duration timeout,
    @Min(1) @Max(1000) @DefaultValue("60") int rrfK) {}
