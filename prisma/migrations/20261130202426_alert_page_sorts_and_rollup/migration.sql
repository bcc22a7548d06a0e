-- DropIndex
DROP INDEX "alert_severity_is_primary_last_update_time_id_idx";

-- CreateTable
CREATE TABLE "alert_daily_count" (
    "tenant_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "severity_rank" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "alert_daily_count_pkey" PRIMARY KEY ("tenant_id","day","severity_rank")
);

-- CreateIndex
CREATE INDEX "alert_daily_count_day_severity_rank_idx" ON "alert_daily_count"("day", "severity_rank");

-- CreateIndex
CREATE INDEX "alert_category_is_primary_last_update_time_id_idx" ON "alert"("category", "is_primary", "last_update_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "alert_source_last_update_time_id_idx" ON "alert"("source", "last_update_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "alert_is_primary_alert_creation_time_id_idx" ON "alert"("is_primary", "alert_creation_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "alert_tenant_id_is_primary_alert_creation_time_id_idx" ON "alert"("tenant_id", "is_primary", "alert_creation_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "alert_is_primary_severity_rank_last_update_time_id_idx" ON "alert"("is_primary", "severity_rank" DESC, "last_update_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "alert_tenant_id_is_primary_severity_rank_last_update_time_i_idx" ON "alert"("tenant_id", "is_primary", "severity_rank" DESC, "last_update_time" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "alert_daily_count" ADD CONSTRAINT "alert_daily_count_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "customer_tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Fill the rollup from the alerts already stored (the sync keeps it up to date from now on).
INSERT INTO "alert_daily_count" ("tenant_id", "day", "severity_rank", "count")
SELECT "tenant_id", "alert_creation_time"::date, "severity_rank", count(*)
  FROM "alert"
 WHERE "is_primary"
 GROUP BY 1, 2, 3;
