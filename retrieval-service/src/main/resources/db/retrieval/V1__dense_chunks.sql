-- Dense vectors of retrieval-service (rag.retrieval.dense-store=pgvector). Text and citation
-- fields live in the Lucene index; this table holds what a filtered nearest-neighbour search
-- needs. Rows are upserts keyed by (collection, chunk id): redelivery never duplicates.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE chunks (
  collection  text        NOT NULL,
  chunk_id    text        NOT NULL,
  document_id text        NOT NULL,
  version     bigint      NOT NULL,
  ordinal     integer     NOT NULL,
  model_id    text        NOT NULL,
  -- bge-small-en-v1.5 (the platform's model): HNSW needs a fixed dimension.
  embedding   vector(384) NOT NULL,
  metadata    jsonb       NOT NULL DEFAULT '{}'::jsonb,
  indexed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (collection, chunk_id)
);

-- Version replacement and deletes address one document's chunks.
CREATE INDEX chunks_document ON chunks (collection, document_id, version);

-- Cosine distance (<=>) on unit vectors; m and ef_construction are pgvector's defaults.
CREATE INDEX chunks_embedding_hnsw ON chunks USING hnsw (embedding vector_cosine_ops)
  WITH (m = 16, ef_construction = 64);

-- Metadata filters (issue 4) use containment: metadata @> '{"key":"value"}'.
CREATE INDEX chunks_metadata ON chunks USING gin (metadata jsonb_path_ops);

-- The Kafka offsets the vectors cover, written in the same transaction as the vectors.
CREATE TABLE consumer_offsets (
  consumer_group text    NOT NULL,
  topic          text    NOT NULL,
  partition      integer NOT NULL,
  next_offset    bigint  NOT NULL,
  PRIMARY KEY (consumer_group, topic, partition)
);
