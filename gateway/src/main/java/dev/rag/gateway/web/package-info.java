/**
 * What every request through the gateway shares before and after routing: a request id and W3C
 * trace context forwarded upstream, problem details written by servlet filters (which run before
 * Spring MVC's exception handling), request bodies read once and re-sent, responses teed for the
 * answer cache, and a circuit breaker per route that turns upstream failures into {@code
 * upstream-unavailable} problems instead of stack traces.
 */
package dev.rag.gateway.web;
