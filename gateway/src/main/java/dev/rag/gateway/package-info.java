/** gateway: The one public entry: auth, rate limits, answer cache, routing. */
package dev.rag.gateway;
