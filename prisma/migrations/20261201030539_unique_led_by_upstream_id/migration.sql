-- The upserts' unique key, reordered to lead with (tenant_id, upstream_id): it then also serves the
-- lookups of a detection's other sources and of an incident's alerts, and the separate
-- (tenant_id, upstream_id) indexes, paid for on every insert, go. The columns were unique before
-- in another order, so no existing row can break the new index. New indexes first: the key is
-- never missing.

-- CreateIndex
CREATE UNIQUE INDEX "alert_tenant_id_upstream_id_source_key" ON "alert"("tenant_id", "upstream_id", "source");

-- CreateIndex
CREATE UNIQUE INDEX "incident_tenant_id_upstream_id_source_key" ON "incident"("tenant_id", "upstream_id", "source");

-- DropIndex
DROP INDEX "alert_tenant_id_source_upstream_id_key";

-- DropIndex
DROP INDEX "alert_tenant_id_upstream_id_idx";

-- DropIndex
DROP INDEX "incident_tenant_id_source_upstream_id_key";

-- DropIndex
DROP INDEX "incident_tenant_id_upstream_id_idx";
