/**
 * What a request is: its path in the one canonical spelling and the route it names, decided once,
 * before any check, for every filter and the proxy to share.
 */
package dev.rag.gateway.routing;
