/**
 * HTTP APIs: {@code POST /v1/answers} (the platform's own shape, JSON or Server-Sent Events) and
 * {@code POST /v1/chat/completions} (OpenAI's shape, with citations as an extra field). Handlers
 * validate and delegate to the answer pipeline; streams run on a virtual thread each and cancel
 * their generation when the client disconnects.
 */
package dev.rag.generation.api;
