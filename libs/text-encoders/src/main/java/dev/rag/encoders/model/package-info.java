/**
 * Loading an encoder model from a directory in the common export layout ({@code model.onnx}, {@code
 * tokenizer.json}, optional {@code config.json}) into one shared, thread-safe ONNX session.
 */
package dev.rag.encoders.model;
