-- CreateTable
CREATE TABLE "locations" (
    "id" BIGSERIAL NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "locations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "items" (
    "id" BIGSERIAL NOT NULL,
    "sku" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "location_inventory" (
    "location_id" BIGINT NOT NULL,
    "item_id" BIGINT NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "location_inventory_pkey" PRIMARY KEY ("location_id", "item_id")
);

-- CreateTable
CREATE TABLE "member_program_item_schedule" (
    "id" BIGSERIAL NOT NULL,
    "member_id" BIGINT NOT NULL,
    "item_id" BIGINT NOT NULL,
    "location_id" BIGINT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "scheduled_for" DATE NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "completed_at" TIMESTAMPTZ(3),
    CONSTRAINT "member_program_item_schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory_transactions" (
    "id" BIGSERIAL NOT NULL,
    "item_id" BIGINT NOT NULL,
    "location_id" BIGINT NOT NULL,
    "quantity_change" INTEGER NOT NULL,
    "reference_type" TEXT NOT NULL,
    "reference_id" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "inventory_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "locations_name_key" ON "locations"("name");

-- CreateIndex
CREATE UNIQUE INDEX "items_sku_key" ON "items"("sku");

-- AddForeignKey
ALTER TABLE "location_inventory" ADD CONSTRAINT "location_inventory_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "locations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "location_inventory" ADD CONSTRAINT "location_inventory_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "member_program_item_schedule" ADD CONSTRAINT "member_program_item_schedule_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "member_program_item_schedule" ADD CONSTRAINT "member_program_item_schedule_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "locations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory_transactions" ADD CONSTRAINT "inventory_transactions_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory_transactions" ADD CONSTRAINT "inventory_transactions_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "locations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: the allowed values of a transaction's reference (Prisma cannot express CHECKs).
ALTER TABLE "member_program_item_schedule" ADD CONSTRAINT "member_program_item_schedule_status_check"
    CHECK ("status" IN ('scheduled', 'completed', 'cancelled'));
ALTER TABLE "inventory_transactions" ADD CONSTRAINT "inventory_transactions_reference_type_check"
    CHECK ("reference_type" IN ('purchase_order', 'sale', 'adjustment', 'transfer', 'return', 'member_program_item_schedule'));
