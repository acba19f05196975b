/**
 * Reading the flags of our Java command-line tools ({@code rag generate}, {@code rag eval}): one
 * reader, so every tool names a missing value, a bad number or an unknown flag the same way.
 */
package dev.rag.cli;
