-- CreateTable
CREATE TABLE "app_token" (
    "entra_tenant_id" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "sealed_token" TEXT NOT NULL,
    "expires_on" TIMESTAMP(3) NOT NULL,
    "acquired_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "app_token_pkey" PRIMARY KEY ("entra_tenant_id","resource")
);
