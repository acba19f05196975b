/** Calls between the platform's services: one way to build a client of another service. */
package dev.rag.support.client;
