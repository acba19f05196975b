/**
 * Trust between the platform's services: the shared service token every internal service requires,
 * and the caller scope the gateway passes along with it.
 */
package dev.rag.support.security;
