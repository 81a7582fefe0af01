-- ECR lifecycle policies: the policy document of a repository (PutLifecyclePolicy), and when the background job last
-- applied it (GetLifecyclePolicy's lastEvaluatedAt).
ALTER TABLE ecr_repository ADD COLUMN lifecycle_policy TEXT;
ALTER TABLE ecr_repository ADD COLUMN lifecycle_evaluated_at BIGINT;
