/**
 * What every service shares at run time, as Spring Boot auto-configuration: the problem-detail
 * advice, start-up checks of the infrastructure a service needs, and failure analysis that turns an
 * unreachable dependency into one clear sentence instead of a wall of stack traces.
 */
package dev.rag.support;
