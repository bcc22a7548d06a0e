-- The alerts' text search: trigram indexes over a dictionary of the distinct titles, device names
-- and related users (thousands of values) instead of over a million alert rows, and btree indexes
-- to find the alerts holding a matched value. See AlertSearchTerm in schema.prisma.

-- DropIndex
DROP INDEX "alert_computer_dns_name_idx";

-- DropIndex
DROP INDEX "alert_related_user_idx";

-- DropIndex
DROP INDEX "alert_title_idx";

-- CreateTable
CREATE TABLE "alert_search_term" (
    "kind" TEXT NOT NULL,
    "digest" UUID NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "alert_search_term_pkey" PRIMARY KEY ("kind","digest")
);

-- The terms of the alerts stored so far (before the trigram index: one build, not a million inserts).
INSERT INTO "alert_search_term" ("kind", "digest", "value")
SELECT DISTINCT t.kind, md5(t.value)::uuid, t.value
  FROM "alert" a,
       LATERAL (VALUES ('title', a."title"), ('device', a."computer_dns_name"), ('user', a."related_user")) AS t(kind, value)
 WHERE t.value IS NOT NULL;

-- Every statement that writes alerts adds their new terms, whoever runs it (the sync, a script),
-- in its own transaction. In key order, so two transactions adding the same new terms wait for
-- each other instead of deadlocking. One trigger per event: a trigger with transition tables
-- takes one event only.
CREATE FUNCTION "alert_search_term_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "alert_search_term" ("kind", "digest", "value")
  SELECT DISTINCT t.kind, md5(t.value)::uuid, t.value
    FROM written,
         LATERAL (VALUES ('title', written."title"), ('device', written."computer_dns_name"),
                         ('user', written."related_user")) AS t(kind, value)
   WHERE t.value IS NOT NULL
   ORDER BY 1, 2
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER "alert_search_term_on_insert" AFTER INSERT ON "alert"
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION "alert_search_term_add"();
CREATE TRIGGER "alert_search_term_on_update" AFTER UPDATE ON "alert"
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION "alert_search_term_add"();

-- CreateIndex
CREATE INDEX "alert_search_term_value_idx" ON "alert_search_term" USING GIN ("value" gin_trgm_ops);

-- The alerts holding a value, by the value's digest: a btree (a hash index slows down as one value
-- repeats, and a title repeats across thousands of alerts; a btree on the text itself refuses a
-- value longer than about 2.7 KB). Not in schema.prisma, which cannot say an expression index.
CREATE INDEX "alert_title_digest_idx" ON "alert" ((md5("title")::uuid));
CREATE INDEX "alert_computer_dns_name_digest_idx" ON "alert" ((md5("computer_dns_name")::uuid));
CREATE INDEX "alert_related_user_digest_idx" ON "alert" ((md5("related_user")::uuid));
