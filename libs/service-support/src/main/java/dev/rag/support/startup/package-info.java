/** Start-up checks of Kafka and databases, and the failure analyzer that explains them. */
package dev.rag.support.startup;
