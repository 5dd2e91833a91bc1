CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "transactions_search_idx" ON "transactions" USING gin ((("description" || ' ' || coalesce("merchant", ''))) gin_trgm_ops);
