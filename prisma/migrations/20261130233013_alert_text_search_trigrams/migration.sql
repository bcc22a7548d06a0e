-- The trigram operator class (Prisma's schema does not declare extensions without a preview feature).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "alert_title_idx" ON "alert" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "alert_computer_dns_name_idx" ON "alert" USING GIN ("computer_dns_name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "alert_related_user_idx" ON "alert" USING GIN ("related_user" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "incident_name_idx" ON "incident" USING GIN ("name" gin_trgm_ops);
