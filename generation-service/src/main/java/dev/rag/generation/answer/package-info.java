/**
 * The answer pipeline: retrieve, rerank, assemble numbered sources within the model's token budget,
 * answer generatively (through the {@code llm} port) or extractively (best cited sentences), and
 * map {@code [n]} markers back to chunks. Retrieved text is treated as data throughout: it is
 * delimited in prompts, and instruction-like sentences are flagged and never used as answers.
 */
package dev.rag.generation.answer;
