/**
 * The answer cache of {@code POST /v1/answers}. An exact hit needs the same normalised question,
 * collection, filters and options; a semantic hit a cached question of the same scope whose
 * embedding has cosine similarity at or above the threshold (default 0.95). Keys carry the index
 * epoch of the collection, so an answer is never served after the documents under it changed.
 * Streamed answers are recorded while they stream and replayed as the same event stream. Every
 * response says what happened in {@code X-Cache}: {@code hit-exact}, {@code hit-semantic} or {@code
 * miss}.
 */
package dev.rag.gateway.cache;
