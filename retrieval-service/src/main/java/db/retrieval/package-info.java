/**
 * Flyway migrations of schema {@code retrieval} written in Java (next to the SQL ones in {@code
 * db/retrieval}), for changes whose data step must use the service's own code.
 */
package db.retrieval;
