CREATE TYPE "public"."mfa_type" AS ENUM('backupcode', 'totp', 'webauthn', 'manager', 'recovery');--> statement-breakpoint
CREATE TYPE "public"."webauthn_ceremony" AS ENUM('registration', 'authentication');--> statement-breakpoint
CREATE TABLE "mfa_codes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"mfa_id" integer NOT NULL,
	"code_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "mfa_failed_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"mfa_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mfa_webauthn_challenges" (
	"id" uuid PRIMARY KEY NOT NULL,
	"mfa_id" integer NOT NULL,
	"ceremony" "webauthn_ceremony" NOT NULL,
	"challenge" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mfa_webauthn_credentials" (
	"id" serial PRIMARY KEY NOT NULL,
	"mfa_id" integer NOT NULL,
	"credential_id" text NOT NULL,
	"public_key" text NOT NULL,
	"sign_count" bigint DEFAULT 0 NOT NULL,
	"transports" text[] DEFAULT '{}' NOT NULL,
	"key_handle_hash" text NOT NULL,
	"label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "mfas" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"type" "mfa_type" NOT NULL,
	"label" text NOT NULL,
	"verified" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"totp_secret_sealed" text,
	"totp_last_step" bigint
);
--> statement-breakpoint
CREATE TABLE "recovery_methods" (
	"id" uuid PRIMARY KEY NOT NULL,
	"uid" text NOT NULL,
	"user_id" uuid NOT NULL,
	"value" text NOT NULL,
	"verified" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"verified_at" timestamp with time zone,
	"code_hash" text,
	"code_expires_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mfa_codes" ADD CONSTRAINT "mfa_codes_mfa_id_mfas_id_fk" FOREIGN KEY ("mfa_id") REFERENCES "public"."mfas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mfa_failed_attempts" ADD CONSTRAINT "mfa_failed_attempts_mfa_id_mfas_id_fk" FOREIGN KEY ("mfa_id") REFERENCES "public"."mfas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mfa_webauthn_challenges" ADD CONSTRAINT "mfa_webauthn_challenges_mfa_id_mfas_id_fk" FOREIGN KEY ("mfa_id") REFERENCES "public"."mfas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mfa_webauthn_credentials" ADD CONSTRAINT "mfa_webauthn_credentials_mfa_id_mfas_id_fk" FOREIGN KEY ("mfa_id") REFERENCES "public"."mfas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mfas" ADD CONSTRAINT "mfas_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_methods" ADD CONSTRAINT "recovery_methods_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mfa_codes_mfa_hash_key" ON "mfa_codes" USING btree ("mfa_id","code_hash");--> statement-breakpoint
CREATE INDEX "mfa_failed_attempts_mfa_at_idx" ON "mfa_failed_attempts" USING btree ("mfa_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "mfa_webauthn_challenges_key" ON "mfa_webauthn_challenges" USING btree ("mfa_id","ceremony","challenge");--> statement-breakpoint
CREATE INDEX "mfa_webauthn_challenges_expires_idx" ON "mfa_webauthn_challenges" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "mfa_webauthn_credentials_mfa_idx" ON "mfa_webauthn_credentials" USING btree ("mfa_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mfa_webauthn_credentials_credential_key" ON "mfa_webauthn_credentials" USING btree ("credential_id");--> statement-breakpoint
CREATE INDEX "mfas_user_idx" ON "mfas" USING btree ("user_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "mfas_user_type_verified_key" ON "mfas" USING btree ("user_id","type") WHERE "mfas"."verified";--> statement-breakpoint
CREATE UNIQUE INDEX "recovery_methods_uid_key" ON "recovery_methods" USING btree ("uid");--> statement-breakpoint
CREATE UNIQUE INDEX "recovery_methods_user_value_key" ON "recovery_methods" USING btree ("user_id","value");--> statement-breakpoint
CREATE INDEX "recovery_methods_user_idx" ON "recovery_methods" USING btree ("user_id","created_at");