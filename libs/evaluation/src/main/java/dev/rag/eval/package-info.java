/**
 * {@code rag eval}: measures retrieval quality of the running platform on any BEIR-layout dataset.
 * {@code beir} reads the files, {@code metrics} holds the IR measures (pure functions, hand-checked
 * in tests), {@code ingestion} loads the corpus through the real Kafka pipeline, {@code platform}
 * speaks the gateway's REST API and {@code cli} ties them into one command. No Spring: this is a
 * command-line client of the platform, not a service.
 */
package dev.rag.eval;
