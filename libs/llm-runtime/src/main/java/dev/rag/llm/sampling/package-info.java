/**
 * Token selection: greedy, temperature, top-k, top-p, min-p and repetition penalty, seeded per
 * request.
 */
package dev.rag.llm.sampling;
