-- CreateTable
CREATE TABLE "alert_daily_total" (
    "day" DATE NOT NULL,
    "severity_rank" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "alert_daily_total_pkey" PRIMARY KEY ("day","severity_rank")
);

-- Fill it from the per-tenant rollup (refreshAlertRollup keeps it up to date from now on).
INSERT INTO "alert_daily_total" ("day", "severity_rank", "count")
SELECT "day", "severity_rank", sum("count")
  FROM "alert_daily_count"
 GROUP BY 1, 2;

-- A removed tenant's rows leave the total before the cascade deletes them, however the tenant is
-- deleted (the app, a script, a test). The advisory lock is refreshAlertRollup's: a refresh of
-- this tenant in flight commits first, and the rows subtracted are the ones the cascade removes.
-- Total rows are updated in (day, severity_rank) order, as refreshAlertRollup does, so concurrent
-- changes of several tenants never wait on each other in a cycle.
CREATE FUNCTION "alert_daily_total_remove_tenant"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('alert_daily_count'), hashtext(OLD."id"::text));
  INSERT INTO "alert_daily_total" ("day", "severity_rank", "count")
  SELECT "day", "severity_rank", -"count"
    FROM "alert_daily_count"
   WHERE "tenant_id" = OLD."id"
   ORDER BY "day", "severity_rank"
  ON CONFLICT ("day", "severity_rank") DO UPDATE SET "count" = "alert_daily_total"."count" + EXCLUDED."count";
  RETURN OLD;
END;
$$;

CREATE TRIGGER "customer_tenant_leaves_alert_daily_total" BEFORE DELETE ON "customer_tenant"
  FOR EACH ROW EXECUTE FUNCTION "alert_daily_total_remove_tenant"();
