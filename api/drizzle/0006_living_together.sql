CREATE TABLE "exchange_rates" (
	"household_id" uuid NOT NULL,
	"date" date NOT NULL,
	"base_currency" text NOT NULL,
	"quote_currency" text NOT NULL,
	"rate" numeric(30, 12) NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_rates_rate_positive" CHECK ("exchange_rates"."rate" > 0)
);
--> statement-breakpoint
CREATE TABLE "monthly_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"month" text NOT NULL,
	"base_currency" text NOT NULL,
	"data" jsonb NOT NULL,
	"generated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settlements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"from_user_id" uuid,
	"to_user_id" uuid,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"date" date NOT NULL,
	"note" text,
	"transaction_id" uuid,
	"idempotency_key" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settlements_amount_positive" CHECK ("settlements"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"household_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"mode" text NOT NULL,
	"threshold" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_preferences_user_id_topic_pk" PRIMARY KEY("user_id","topic")
);
--> statement-breakpoint
DROP INDEX "notifications_dedupe_key";--> statement-breakpoint
DROP INDEX "notifications_feed_idx";--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "topic" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "subject" jsonb;--> statement-breakpoint
-- Household-wide notifications become one row per member, so each member reads their own.
INSERT INTO "notifications" ("household_id", "user_id", "kind", "dedupe_key", "title", "body", "read_at", "created_at")
  SELECT n."household_id", u."id", n."kind", n."dedupe_key", n."title", n."body", n."read_at", n."created_at"
  FROM "notifications" n JOIN "users" u ON u."household_id" = n."household_id"
  WHERE n."user_id" IS NULL;--> statement-breakpoint
DELETE FROM "notifications" WHERE "user_id" IS NULL;--> statement-breakpoint
-- Until now only budgets and banks notified.
UPDATE "notifications" SET "topic" = CASE WHEN "kind" LIKE 'budget%' THEN 'budget' ELSE 'bank' END;--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "topic" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "user_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "default_split" jsonb;--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "default_split" jsonb;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "split" jsonb;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "payer" jsonb;--> statement-breakpoint
ALTER TABLE "exchange_rates" ADD CONSTRAINT "exchange_rates_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monthly_reports" ADD CONSTRAINT "monthly_reports_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_from_user_id_users_id_fk" FOREIGN KEY ("from_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_to_user_id_users_id_fk" FOREIGN KEY ("to_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_rates_key" ON "exchange_rates" USING btree ("household_id","base_currency","quote_currency","date");--> statement-breakpoint
CREATE UNIQUE INDEX "monthly_reports_month_key" ON "monthly_reports" USING btree ("household_id","month");--> statement-breakpoint
CREATE INDEX "settlements_household_date_idx" ON "settlements" USING btree ("household_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "settlements_transaction_key" ON "settlements" USING btree ("household_id","transaction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "settlements_idempotency_key" ON "settlements" USING btree ("household_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("user_id") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_key" ON "notifications" USING btree ("household_id","user_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "notifications_feed_idx" ON "notifications" USING btree ("user_id","created_at","id");