/**
 * Tenant isolation at the gateway: every retrieval and answer request names only collections its
 * key may use, or gets the key's collections filled in. Retrieval filters by collection inside both
 * retrievers, so passing on only allowed collections keeps one tenant's chunks from another, and
 * the answer cache (keyed by collection) inherits the same boundary.
 */
package dev.rag.gateway.tenant;
