/**
 * What services say to each other: Kafka topic names, event records, REST DTOs and the problem
 * catalogue. Services share nothing else; every fact here exists once.
 */
package dev.rag.contracts;
