package dev.rag.ingest.documents;

/**
 * The 202 body of a document delete.
 *
 * @param jobId the ingest job that follows the delete through both indexes
 * @param collection the document's collection
 * @param documentId the deleted document
 * @param version the version the delete removes
 * @param status the job's path, {@code /v1/ingest-jobs/<jobId>}
 */
record DeleteAccepted(
    String jobId, String collection, String documentId, long version, String status) {}
