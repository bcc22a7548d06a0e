-- CreateIndex
CREATE INDEX "customer_tenant_display_name_trgm_idx" ON "customer_tenant" USING GIN ("display_name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "customer_tenant_domain_idx" ON "customer_tenant" USING GIN ("domain" gin_trgm_ops);
