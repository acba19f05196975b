/**
 * The {@code rag eval} command: options, the concurrent query run over every retrieval mode, and
 * the report (a table for people, then one JSON line for scripts and {@code bench/RESULTS.md}).
 */
package dev.rag.eval.cli;
