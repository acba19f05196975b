/** generation-service: The answer pipeline on llm-runtime and the OpenAI-compatible chat API. */
package dev.rag.generation;
