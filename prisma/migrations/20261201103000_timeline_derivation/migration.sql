-- CreateTable
CREATE TABLE "timeline_derivation" (
    "incident_id" UUID NOT NULL,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL,
    "derived_at" TIMESTAMPTZ(3),
    "problems" TEXT[],
    "failure" TEXT,

    CONSTRAINT "timeline_derivation_pkey" PRIMARY KEY ("incident_id")
);

-- AddForeignKey
ALTER TABLE "timeline_derivation" ADD CONSTRAINT "timeline_derivation_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;
