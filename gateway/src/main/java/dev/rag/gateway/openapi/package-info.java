/**
 * The platform's public API as one OpenAPI document ({@code /v3/api-docs/public}): the gateway's
 * own operations and every service operation its route table forwards, merged from the services'
 * own documents at request time, with the gateway as the server. Clients generate from this
 * document; a copy is committed as {@code api/openapi.json}.
 */
package dev.rag.gateway.openapi;
