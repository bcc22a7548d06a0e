-- CreateTable
CREATE TABLE "alert_tenant_total" (
    "tenant_id" UUID NOT NULL,
    "severity_rank" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "alert_tenant_total_pkey" PRIMARY KEY ("tenant_id","severity_rank")
);

-- AddForeignKey
ALTER TABLE "alert_tenant_total" ADD CONSTRAINT "alert_tenant_total_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "customer_tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Fill it from the daily rollup (refreshAlertRollup keeps it up to date from now on).
INSERT INTO "alert_tenant_total" ("tenant_id", "severity_rank", "count")
SELECT "tenant_id", "severity_rank", sum("count")
  FROM "alert_daily_count"
 GROUP BY 1, 2;
