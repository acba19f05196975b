/** JSON (de)serialisation of events, shared by producers and consumers (Kafka serdes). */
package dev.rag.contracts.json;
