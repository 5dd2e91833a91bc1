CREATE TABLE "transaction_month_totals" (
	"household_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"category_id" uuid,
	"month" date NOT NULL,
	"currency" text NOT NULL,
	"pending" boolean NOT NULL,
	"inflow" boolean NOT NULL,
	"amount" bigint NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "transaction_month_totals_key" UNIQUE NULLS NOT DISTINCT("household_id","month","account_id","category_id","currency","pending","inflow")
);
--> statement-breakpoint
-- Rows whose count reached zero are removed after updates and deletes; this finds them without a scan.
CREATE INDEX "transaction_month_totals_empty" ON "transaction_month_totals" ("household_id") WHERE "count" = 0;
--> statement-breakpoint
-- Kept by the database on every insert, update and delete of transactions (imports, syncs, edits,
-- cascades alike), one aggregate per statement, so no code path can forget it.
CREATE FUNCTION "transaction_month_totals_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO transaction_month_totals AS total
      (household_id, month, account_id, category_id, currency, pending, inflow, amount, count)
    SELECT household_id, date_trunc('month', "date"::timestamp)::date, account_id, category_id, currency, pending,
           amount > 0, -sum(amount), -count(*)::integer
      FROM old_rows
     GROUP BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ON CONSTRAINT transaction_month_totals_key
    DO UPDATE SET amount = total.amount + excluded.amount, count = total.count + excluded.count;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO transaction_month_totals AS total
      (household_id, month, account_id, category_id, currency, pending, inflow, amount, count)
    SELECT household_id, date_trunc('month', "date"::timestamp)::date, account_id, category_id, currency, pending,
           amount > 0, sum(amount), count(*)::integer
      FROM new_rows
     GROUP BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ON CONSTRAINT transaction_month_totals_key
    DO UPDATE SET amount = total.amount + excluded.amount, count = total.count + excluded.count;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM transaction_month_totals WHERE count = 0;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "transactions_month_totals_insert" AFTER INSERT ON "transactions"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "transaction_month_totals_apply"();
--> statement-breakpoint
CREATE TRIGGER "transactions_month_totals_update" AFTER UPDATE ON "transactions"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "transaction_month_totals_apply"();
--> statement-breakpoint
CREATE TRIGGER "transactions_month_totals_delete" AFTER DELETE ON "transactions"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "transaction_month_totals_apply"();
--> statement-breakpoint
INSERT INTO "transaction_month_totals"
  (household_id, month, account_id, category_id, currency, pending, inflow, amount, count)
SELECT household_id, date_trunc('month', "date"::timestamp)::date, account_id, category_id, currency, pending,
       amount > 0, sum(amount), count(*)::integer
  FROM transactions
 GROUP BY 1, 2, 3, 4, 5, 6, 7;
