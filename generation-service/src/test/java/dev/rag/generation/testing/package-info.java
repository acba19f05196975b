/** Test fixtures: sample chunks, a stand-in retrieval-service, the reference model. */
package dev.rag.generation.testing;
