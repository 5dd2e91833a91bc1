ALTER TABLE "categories" ADD COLUMN "kind" text DEFAULT 'expense' NOT NULL;--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_kind_check" CHECK ("categories"."kind" in ('income', 'expense', 'transfer'));--> statement-breakpoint
-- Backfill: households seeded before categories had a kind get the defaults' kinds. The
-- top-level "Income" and "Transfers" and everything under them; all else stays expense.
-- UNION (not UNION ALL) ends the walk even if a parent loop ever slipped into the data.
WITH RECURSIVE "tree" AS (
	SELECT "id", "household_id", CASE "name" WHEN 'Income' THEN 'income' ELSE 'transfer' END AS "kind"
	FROM "categories"
	WHERE "parent_id" IS NULL AND "name" IN ('Income', 'Transfers')
	UNION
	SELECT "child"."id", "child"."household_id", "tree"."kind"
	FROM "categories" AS "child"
	JOIN "tree" ON "child"."parent_id" = "tree"."id" AND "child"."household_id" = "tree"."household_id"
)
UPDATE "categories" SET "kind" = "tree"."kind"
FROM "tree"
WHERE "categories"."id" = "tree"."id" AND "categories"."household_id" = "tree"."household_id";
