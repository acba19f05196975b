/** Typed gateway settings under {@code rag.*}. */
package dev.rag.gateway.config;
