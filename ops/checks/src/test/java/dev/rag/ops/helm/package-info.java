/**
 * Checks of the Helm chart in {@code helm/rag}: linted and rendered by a real Helm (helm-java
 * bundles Helm's Go library), for the default and the production values, and every rendered object
 * read back as its fabric8 Kubernetes model class with no field the model does not know. Helm's
 * {@code lookup} (the chart reads its service-token Secret back) is answered by an in-memory API
 * server ({@code FakeKubernetes}), never by a real cluster.
 */
package dev.rag.ops.helm;
