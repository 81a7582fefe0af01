-- Amazon ECS: what CreateCluster was given for capacity, kept so DescribeClusters echoes it as ECS does.
--
-- Portable SQL for SQLite and PostgreSQL, as V2. A JSON object with the request's capacityProviders,
-- defaultCapacityProviderStrategy and serviceConnectDefaults members, as given; NULL when none was given.
ALTER TABLE ecs_cluster ADD COLUMN capacity TEXT;
