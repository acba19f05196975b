/**
 * Requests per API key, limited by a token bucket: {@code capacity} requests at once, refilled at
 * {@code refill-per-second}. In production the bucket lives in Redis and is updated by one Lua
 * script (atomic, on Redis's clock), so every gateway instance draws from the same bucket; the
 * embedded default keeps buckets in process. A refused request is a 429 problem with {@code
 * Retry-After}.
 */
package dev.rag.gateway.ratelimit;
