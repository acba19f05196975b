/**
 * The platform's error model: a catalogue of RFC 9457 problem types with stable {@code type} URIs
 * and the exception that carries one. Services render them through service-support.
 */
package dev.rag.contracts.problem;
