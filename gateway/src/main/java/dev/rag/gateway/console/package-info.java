/**
 * The web console: static files (HTML, CSS, JavaScript modules under {@code static/console}) served
 * at {@code /} and {@code /console/**} without a key, with a strict Content-Security-Policy. The
 * files hold no data and no secret; the page talks only to the public {@code /v1} API with the
 * user's key, through the same route table and checks as any other client.
 */
package dev.rag.gateway.console;
