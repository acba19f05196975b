/** Names shared by the gateway and the services for calls inside the platform's trust boundary. */
package dev.rag.contracts.security;
