-- API keys of the gateway. Only the SHA-256 of a secret is stored; the secret is shown once.
CREATE TABLE api_keys (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    key_hash    CHAR(64) NOT NULL UNIQUE,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'app')),
    -- comma-separated collection names ('*' for all); names never contain commas
    collections TEXT NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE
);
