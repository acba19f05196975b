/**
 * How the gateway behaves while Redis is away: which way its Redis-backed features fail, and how it
 * tells (a metric, a log line at each change).
 */
package dev.rag.gateway.redis;
