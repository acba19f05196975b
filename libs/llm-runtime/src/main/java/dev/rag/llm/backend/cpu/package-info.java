/** The CPU backend: the llama forward pass with Vector API kernels on a fixed thread pool. */
package dev.rag.llm.backend.cpu;
