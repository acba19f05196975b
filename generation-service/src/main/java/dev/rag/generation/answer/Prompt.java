package dev.rag.generation.answer;

import java.util.List;

/**
 * A prompt ready for the model.
 *
 * @param text the rendered prompt
 * @param tokens its length in the model's tokens
 * @param sources the numbered sources it shows, in display order
 * @param omitted candidates left out because they did not fit the token budget
 * @param truncated whether the last source shown was cut to fit
 */
public record Prompt(
    String text, int tokens, List<Source> sources, int omitted, boolean truncated) {}
