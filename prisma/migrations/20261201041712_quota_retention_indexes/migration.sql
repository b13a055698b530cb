-- CreateIndex
CREATE INDEX "share_link_created_at_idx" ON "share_link"("created_at");

-- CreateIndex
CREATE INDEX "share_link_snapshot_id_idx" ON "share_link"("snapshot_id");

-- CreateIndex
CREATE INDEX "snapshot_taken_at_idx" ON "snapshot"("taken_at");

-- CreateIndex
CREATE INDEX "timeline_event_snapshot_id_idx" ON "timeline_event"("snapshot_id");
