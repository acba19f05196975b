/**
 * Checks of {@code docker-compose.yml} and {@code ops/docker/*.Dockerfile}. No Docker engine runs
 * where the tests run, so the files are parsed and held against the services' real configuration
 * ({@link dev.rag.ops.config.ServiceConfiguration}) instead of being started.
 */
package dev.rag.ops.compose;
