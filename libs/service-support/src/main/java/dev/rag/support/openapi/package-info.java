/**
 * The platform's OpenAPI documents as a client generator needs them: a real title and version, the
 * gateway as the server, the bearer API key as the security scheme, and RFC 9457 problems as the
 * shared error responses that operations reference by name.
 */
package dev.rag.support.openapi;
