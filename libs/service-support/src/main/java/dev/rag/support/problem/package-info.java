/** Renders the platform's problem catalogue as RFC 9457 responses. */
package dev.rag.support.problem;
