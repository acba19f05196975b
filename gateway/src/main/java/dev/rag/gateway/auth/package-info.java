/**
 * Who is calling and what they may do. An API key (a high-entropy secret shown once, stored only as
 * its SHA-256) carries a {@link dev.rag.gateway.auth.Role} and the collections it may use; keys
 * live in PostgreSQL (schema {@code gateway}) in production and in a JSON file under the state
 * directory in the embedded default. {@code admin} keys upload, delete and manage keys; {@code app}
 * keys ask and retrieve. On start the gateway makes sure an admin key exists and writes it to the
 * bootstrap key file ({@code rag up} prints where).
 */
package dev.rag.gateway.auth;
