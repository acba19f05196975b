/**
 * What each service really reads: its {@code rag.*} properties records, the settings and {@code
 * ${ENV}} placeholders of its {@code application*.yml}, and Spring Boot's configuration metadata
 * from the libraries inside its jar. Deployment files are checked against this, so a misspelt or
 * stale environment variable fails a test instead of being silently ignored.
 */
package dev.rag.ops.config;
