-- CreateEnum
CREATE TYPE "IncidentSource" AS ENUM ('XDR', 'GRAPH');

-- DropIndex
DROP INDEX "alert_last_update_time_id_idx";

-- DropIndex
DROP INDEX "alert_severity_last_update_time_id_idx";

-- DropIndex
DROP INDEX "alert_status_last_update_time_id_idx";

-- DropIndex
DROP INDEX "alert_tenant_id_last_update_time_id_idx";

-- AlterTable
ALTER TABLE "alert" ADD COLUMN     "is_primary" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "incident" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" UUID NOT NULL,
    "source" "IncidentSource" NOT NULL,
    "upstream_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "severity_rank" SMALLINT NOT NULL,
    "status" TEXT NOT NULL,
    "classification" TEXT,
    "determination" TEXT,
    "assigned_to" TEXT,
    "tags" TEXT[],
    "redirect_incident_id" TEXT,
    "alert_count" INTEGER NOT NULL DEFAULT 0,
    "web_url" TEXT,
    "created_time" TIMESTAMP(3) NOT NULL,
    "last_update_time" TIMESTAMP(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "first_synced_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "synced_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "is_primary" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "incident_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "incident_is_primary_last_update_time_id_idx" ON "incident"("is_primary", "last_update_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "incident_tenant_id_is_primary_last_update_time_id_idx" ON "incident"("tenant_id", "is_primary", "last_update_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "incident_severity_is_primary_last_update_time_id_idx" ON "incident"("severity", "is_primary", "last_update_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "incident_status_is_primary_last_update_time_id_idx" ON "incident"("status", "is_primary", "last_update_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "incident_tenant_id_upstream_id_idx" ON "incident"("tenant_id", "upstream_id");

-- CreateIndex
CREATE UNIQUE INDEX "incident_tenant_id_source_upstream_id_key" ON "incident"("tenant_id", "source", "upstream_id");

-- CreateIndex
CREATE INDEX "alert_is_primary_last_update_time_id_idx" ON "alert"("is_primary", "last_update_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "alert_tenant_id_is_primary_last_update_time_id_idx" ON "alert"("tenant_id", "is_primary", "last_update_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "alert_severity_is_primary_last_update_time_id_idx" ON "alert"("severity", "is_primary", "last_update_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "alert_status_is_primary_last_update_time_id_idx" ON "alert"("status", "is_primary", "last_update_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "alert_tenant_id_upstream_id_idx" ON "alert"("tenant_id", "upstream_id");

-- CreateIndex
CREATE INDEX "alert_tenant_id_incident_id_idx" ON "alert"("tenant_id", "incident_id");

-- AddForeignKey
ALTER TABLE "incident" ADD CONSTRAINT "incident_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "customer_tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
