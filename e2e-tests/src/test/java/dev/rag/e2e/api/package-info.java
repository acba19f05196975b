/**
 * The public API document clients are generated from: the committed copy ({@code api/openapi.json})
 * against the live one, and a client generated from it at build time driving the platform.
 */
package dev.rag.e2e.api;
