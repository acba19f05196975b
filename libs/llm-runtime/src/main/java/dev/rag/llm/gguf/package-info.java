/**
 * The GGUF container format: header, typed metadata, tensor index and memory-mapped tensor data
 * (versions 2 and 3). Nothing here knows about any particular model architecture.
 */
package dev.rag.llm.gguf;
