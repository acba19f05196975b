/**
 * Architecture rules over every module's compiled classes ({@code <module>/target/classes}, read
 * with ArchUnit, so that ops/checks needs no dependency on the services' Spring Boot jars):
 * generation-service reaches llm-runtime only through its {@code llm} port, no service imports
 * another service's classes, and no module has a package cycle (with a named, temporary list of
 * known exceptions).
 */
package dev.rag.ops.architecture;
