-- CreateEnum
CREATE TYPE "AlertSource" AS ENUM ('MDE', 'XDR', 'GRAPH');

-- CreateEnum
CREATE TYPE "SyncStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'PARTIAL', 'FAILED', 'MISSING_PERMISSION');

-- CreateTable
CREATE TABLE "alert" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" UUID NOT NULL,
    "source" "AlertSource" NOT NULL,
    "upstream_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "severity_rank" SMALLINT NOT NULL,
    "status" TEXT NOT NULL,
    "category" TEXT,
    "classification" TEXT,
    "determination" TEXT,
    "detection_source" TEXT,
    "service_source" TEXT,
    "assigned_to" TEXT,
    "machine_id" TEXT,
    "computer_dns_name" TEXT,
    "related_user" TEXT,
    "incident_id" TEXT,
    "mitre_techniques" TEXT[],
    "first_activity" TIMESTAMP(3),
    "last_activity" TIMESTAMP(3),
    "alert_creation_time" TIMESTAMP(3) NOT NULL,
    "last_update_time" TIMESTAMP(3) NOT NULL,
    "resolved_time" TIMESTAMP(3),
    "payload" JSONB NOT NULL,
    "first_synced_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "synced_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tenant_source_sync" (
    "tenant_id" UUID NOT NULL,
    "source" "DataSource" NOT NULL,
    "status" "SyncStatus" NOT NULL DEFAULT 'PENDING',
    "cursor" TIMESTAMP(3),
    "backfill_completed_at" TIMESTAMP(3),
    "last_run_started_at" TIMESTAMP(3),
    "last_run_finished_at" TIMESTAMP(3),
    "last_success_at" TIMESTAMP(3),
    "last_error" JSONB,
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "fetched" INTEGER NOT NULL DEFAULT 0,
    "upserted" INTEGER NOT NULL DEFAULT 0,
    "malformed" INTEGER NOT NULL DEFAULT 0,
    "next_run_at" TIMESTAMP(3),
    "run_id" UUID,
    "lease_until" TIMESTAMP(3),
    "recent_calls" TIMESTAMP(3)[],
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tenant_source_sync_pkey" PRIMARY KEY ("tenant_id","source")
);

-- CreateIndex
CREATE INDEX "alert_last_update_time_id_idx" ON "alert"("last_update_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "alert_tenant_id_last_update_time_id_idx" ON "alert"("tenant_id", "last_update_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "alert_severity_last_update_time_id_idx" ON "alert"("severity", "last_update_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "alert_status_last_update_time_id_idx" ON "alert"("status", "last_update_time" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "alert_tenant_id_source_upstream_id_key" ON "alert"("tenant_id", "source", "upstream_id");

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "customer_tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_source_sync" ADD CONSTRAINT "tenant_source_sync_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "customer_tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
