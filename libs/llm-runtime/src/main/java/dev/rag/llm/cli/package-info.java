/**
 * Command-line entry points: {@link dev.rag.llm.cli.GenerateCommand} ({@code rag generate}) and
 * {@link dev.rag.llm.cli.SynthesizeModelCommand} (random-weight GGUF files for benchmarks).
 */
package dev.rag.llm.cli;
