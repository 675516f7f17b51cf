-- New users get random (v4) ids from PostgreSQL; existing users keep theirs.
ALTER TABLE "users" ALTER COLUMN "id" SET DEFAULT gen_random_uuid();--> statement-breakpoint
-- The user list pages by (created_at, id) with millisecond cursors: stored times are kept to the millisecond.
ALTER TABLE "users" ALTER COLUMN "created_at" SET DEFAULT date_trunc('milliseconds', now());--> statement-breakpoint
UPDATE "users" SET "created_at" = date_trunc('milliseconds', "created_at") WHERE "created_at" <> date_trunc('milliseconds', "created_at");--> statement-breakpoint
CREATE INDEX "users_realm_created_id_idx" ON "users" USING btree ("realm_id","created_at","id");--> statement-breakpoint
DROP INDEX "users_realm_id_idx";--> statement-breakpoint
-- Codes are sealed from now on, so a resend can mail the same one. Unverified methods whose code
-- is only hashed keep it in code_hash and still verify with it; their next resend or restart seals a new code.
ALTER TABLE "recovery_methods" ADD COLUMN "code_sealed" text;
