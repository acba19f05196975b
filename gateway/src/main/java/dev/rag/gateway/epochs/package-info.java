/**
 * Index epochs per collection, read from {@code rag.index-events}. retrieval-service advances a
 * collection's epoch with every batch that changed it; cached answers are keyed by the epochs of
 * their collections, so a change makes every older entry unreachable. Each gateway replays the
 * topic from the beginning at start and serves no cached answer until it has caught up, so a new
 * instance never trusts an epoch older than the index.
 */
package dev.rag.gateway.epochs;
