-- Amazon ECR: repositories, the images pushed to them, their tags, and which blobs each repository holds.
--
-- Portable SQL for SQLite and PostgreSQL; timestamps are BIGINT epoch milliseconds; repository ids are random
-- positive 63-bit numbers chosen by Homeport. The bytes themselves (layers, configs and the manifests too) are files
-- of the registry's blob store, named by digest (ecr.registry.BlobStore); these tables say which repository may see
-- which of them: a blob is part of a repository once it was uploaded to it (or mounted into it), as on ECR, where
-- BatchCheckLayerAvailability and a blob's HEAD answer for that repository only.

CREATE TABLE ecr_repository (
    id               BIGINT  NOT NULL PRIMARY KEY,
    account_id       TEXT    NOT NULL,
    region           TEXT    NOT NULL,
    name             TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL,
    tag_mutability   TEXT    NOT NULL,
    scan_on_push     INTEGER NOT NULL,
    encryption_type  TEXT    NOT NULL,
    kms_key          TEXT,
    -- the repository policy (SetRepositoryPolicy), evaluated with the caller's identity policies, or NULL
    policy           TEXT,
    CONSTRAINT ecr_repository_name_uq UNIQUE (account_id, region, name)
);

CREATE TABLE ecr_repository_tag (
    repository_id  BIGINT NOT NULL REFERENCES ecr_repository (id) ON DELETE CASCADE,
    tag_key        TEXT   NOT NULL,
    tag_value      TEXT   NOT NULL,
    PRIMARY KEY (repository_id, tag_key)
);

-- A manifest (image manifest, or an index of them) in a repository, by its digest.
CREATE TABLE ecr_image (
    repository_id  BIGINT NOT NULL REFERENCES ecr_repository (id) ON DELETE CASCADE,
    digest         TEXT   NOT NULL,
    media_type     TEXT   NOT NULL,
    artifact_type  TEXT,
    -- the manifest's own size plus its config's and layers' (what DescribeImages calls imageSizeInBytes)
    size_bytes     BIGINT NOT NULL,
    pushed_at      BIGINT NOT NULL,
    last_pulled_at BIGINT,
    -- the digest of the manifest this one refers to as its subject (OCI referrers), or NULL
    subject        TEXT,
    PRIMARY KEY (repository_id, digest)
);

CREATE TABLE ecr_image_tag (
    repository_id  BIGINT NOT NULL REFERENCES ecr_repository (id) ON DELETE CASCADE,
    tag            TEXT   NOT NULL,
    digest         TEXT   NOT NULL,
    PRIMARY KEY (repository_id, tag)
);

-- The blobs (layers, configs) each image refers to: what keeps a blob from being collected.
CREATE TABLE ecr_image_blob (
    repository_id  BIGINT NOT NULL REFERENCES ecr_repository (id) ON DELETE CASCADE,
    image_digest   TEXT   NOT NULL,
    blob_digest    TEXT   NOT NULL,
    PRIMARY KEY (repository_id, image_digest, blob_digest)
);
CREATE INDEX ecr_image_blob_blob ON ecr_image_blob (blob_digest);

-- Blobs uploaded to (or mounted into) a repository, with their size.
CREATE TABLE ecr_layer (
    repository_id  BIGINT NOT NULL REFERENCES ecr_repository (id) ON DELETE CASCADE,
    digest         TEXT   NOT NULL,
    size_bytes     BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (repository_id, digest)
);
