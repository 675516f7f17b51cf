CREATE TABLE "invites" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "require_mfa" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "nag_for_mfa_after" timestamp with time zone DEFAULT (date_trunc('day', now() at time zone 'utc') at time zone 'utc' + interval '30 days') NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "nag_for_method_after" timestamp with time zone DEFAULT (date_trunc('day', now() at time zone 'utc') at time zone 'utc' + interval '6 months') NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "review_profile_after" timestamp with time zone DEFAULT (date_trunc('day', now() at time zone 'utc') at time zone 'utc' + interval '6 months') NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "expires_on" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invites_user_key" ON "invites" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invites_code_hash_key" ON "invites" USING btree ("code_hash");