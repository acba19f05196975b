/**
 * Event records carried on the platform's Kafka topics. Each record has a {@code schemaVersion} so
 * a consumer can reject what it does not understand instead of misreading it.
 */
package dev.rag.contracts.events;
