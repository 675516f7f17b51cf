CREATE TYPE "public"."session_kind" AS ENUM('browser', 'token', 'device');--> statement-breakpoint
CREATE TYPE "public"."session_status" AS ENUM('active', 'revoked');--> statement-breakpoint
CREATE TYPE "public"."block_subject_kind" AS ENUM('user_id', 'email');--> statement-breakpoint
CREATE TYPE "public"."signing_key_status" AS ENUM('active', 'retired');--> statement-breakpoint
CREATE TYPE "public"."mfa_type" AS ENUM('backupcode', 'totp', 'webauthn', 'manager', 'recovery');--> statement-breakpoint
CREATE TYPE "public"."webauthn_ceremony" AS ENUM('registration', 'authentication');--> statement-breakpoint
CREATE TABLE "realms" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"display_name" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"access_token_lifespan" integer DEFAULT 300 NOT NULL,
	"sso_session_idle_timeout" integer DEFAULT 1800 NOT NULL,
	"sso_session_max_lifespan" integer DEFAULT 36000 NOT NULL,
	"revoke_refresh_token" boolean DEFAULT false NOT NULL,
	"refresh_token_max_reuse" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clients" (
	"id" uuid PRIMARY KEY NOT NULL,
	"realm_id" uuid NOT NULL,
	"client_id" text NOT NULL,
	"name" text,
	"public" boolean DEFAULT true NOT NULL,
	"secret_hash" text,
	"grants" text[] DEFAULT '{}' NOT NULL,
	"redirect_uris" text[] DEFAULT '{}' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"numeric_id" bigserial NOT NULL,
	"realm_id" uuid NOT NULL,
	"username" text NOT NULL,
	"email" text,
	"email_verified" boolean DEFAULT false NOT NULL,
	"first_name" text,
	"last_name" text,
	"display_name" text,
	"employee_id" text,
	"active" boolean DEFAULT true NOT NULL,
	"locked" boolean DEFAULT false NOT NULL,
	"hide" boolean DEFAULT false NOT NULL,
	"manager_email" text,
	"personal_email" text,
	"groups" text[] DEFAULT '{}' NOT NULL,
	"locale" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone,
	"deactivated_at" timestamp with time zone,
	"not_before" timestamp with time zone,
	"require_mfa" boolean DEFAULT false NOT NULL,
	"nag_for_mfa_after" timestamp with time zone DEFAULT (date_trunc('day', now() at time zone 'utc') at time zone 'utc' + interval '30 days') NOT NULL,
	"nag_for_method_after" timestamp with time zone DEFAULT (date_trunc('day', now() at time zone 'utc') at time zone 'utc' + interval '6 months') NOT NULL,
	"review_profile_after" timestamp with time zone DEFAULT (date_trunc('day', now() at time zone 'utc') at time zone 'utc' + interval '6 months') NOT NULL,
	"expires_on" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "passwords" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"grace_ends_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "invites" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"realm_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" "session_kind" NOT NULL,
	"status" "session_status" DEFAULT 'active' NOT NULL,
	"client_id" text,
	"client_public_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_access_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"ip" text,
	"user_agent" text,
	"revoked_at" timestamp with time zone,
	"revoke_reason_code" text,
	"revoke_actor_type" text,
	"revoke_actor_id" text
);
--> statement-breakpoint
CREATE TABLE "subject_blocks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"realm_id" uuid NOT NULL,
	"subject_kind" "block_subject_kind" NOT NULL,
	"subject_value" text NOT NULL,
	"user_id" uuid,
	"reason_code" text NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"secret_hash" text NOT NULL,
	"scopes" text[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"reason_code" text,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"html" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "device_login_challenges" (
	"id" uuid PRIMARY KEY NOT NULL,
	"realm_id" uuid NOT NULL,
	"email" text NOT NULL,
	"user_id" uuid,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "device_request_nonces" (
	"session_id" uuid NOT NULL,
	"nonce" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "device_request_nonces_session_id_nonce_pk" PRIMARY KEY("session_id","nonce")
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"realm_id" uuid NOT NULL,
	"algorithm" text NOT NULL,
	"status" "signing_key_status" DEFAULT 'active' NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"private_key_encrypted" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	"verify_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "refresh_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"client_id" text NOT NULL,
	"scope" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"use_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
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
ALTER TABLE "clients" ADD CONSTRAINT "clients_realm_id_realms_id_fk" FOREIGN KEY ("realm_id") REFERENCES "public"."realms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_realm_id_realms_id_fk" FOREIGN KEY ("realm_id") REFERENCES "public"."realms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passwords" ADD CONSTRAINT "passwords_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_realm_id_realms_id_fk" FOREIGN KEY ("realm_id") REFERENCES "public"."realms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subject_blocks" ADD CONSTRAINT "subject_blocks_realm_id_realms_id_fk" FOREIGN KEY ("realm_id") REFERENCES "public"."realms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subject_blocks" ADD CONSTRAINT "subject_blocks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_login_challenges" ADD CONSTRAINT "device_login_challenges_realm_id_realms_id_fk" FOREIGN KEY ("realm_id") REFERENCES "public"."realms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_login_challenges" ADD CONSTRAINT "device_login_challenges_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_request_nonces" ADD CONSTRAINT "device_request_nonces_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_keys" ADD CONSTRAINT "signing_keys_realm_id_realms_id_fk" FOREIGN KEY ("realm_id") REFERENCES "public"."realms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mfa_codes" ADD CONSTRAINT "mfa_codes_mfa_id_mfas_id_fk" FOREIGN KEY ("mfa_id") REFERENCES "public"."mfas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mfa_failed_attempts" ADD CONSTRAINT "mfa_failed_attempts_mfa_id_mfas_id_fk" FOREIGN KEY ("mfa_id") REFERENCES "public"."mfas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mfa_webauthn_challenges" ADD CONSTRAINT "mfa_webauthn_challenges_mfa_id_mfas_id_fk" FOREIGN KEY ("mfa_id") REFERENCES "public"."mfas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mfa_webauthn_credentials" ADD CONSTRAINT "mfa_webauthn_credentials_mfa_id_mfas_id_fk" FOREIGN KEY ("mfa_id") REFERENCES "public"."mfas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mfas" ADD CONSTRAINT "mfas_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_methods" ADD CONSTRAINT "recovery_methods_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "realms_name_key" ON "realms" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "clients_realm_client_id_key" ON "clients" USING btree ("realm_id","client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_numeric_id_key" ON "users" USING btree ("numeric_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_realm_username_key" ON "users" USING btree ("realm_id",lower("username"));--> statement-breakpoint
CREATE UNIQUE INDEX "users_realm_email_key" ON "users" USING btree ("realm_id",lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "users_realm_employee_id_key" ON "users" USING btree ("realm_id","employee_id");--> statement-breakpoint
CREATE INDEX "users_realm_id_idx" ON "users" USING btree ("realm_id","id");--> statement-breakpoint
CREATE INDEX "passwords_user_created_idx" ON "passwords" USING btree ("user_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "invites_user_key" ON "invites" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invites_code_hash_key" ON "invites" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "sessions_user_created_idx" ON "sessions" USING btree ("user_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "sessions_status_idx" ON "sessions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "subject_blocks_subject_key" ON "subject_blocks" USING btree ("realm_id","subject_kind","subject_value");--> statement-breakpoint
CREATE INDEX "subject_blocks_user_idx" ON "subject_blocks" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys" USING btree ("prefix");--> statement-breakpoint
CREATE INDEX "audit_events_subject_idx" ON "audit_events" USING btree ("subject_type","subject_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_events_occurred_idx" ON "audit_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "outbox_to_idx" ON "outbox_messages" USING btree ("to","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "outbox_unsent_idx" ON "outbox_messages" USING btree ("sent_at");--> statement-breakpoint
CREATE INDEX "device_login_challenges_expires_idx" ON "device_login_challenges" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "device_request_nonces_expires_idx" ON "device_request_nonces" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "signing_keys_one_active_per_realm" ON "signing_keys" USING btree ("realm_id") WHERE "signing_keys"."status" = 'active';--> statement-breakpoint
CREATE INDEX "signing_keys_realm_idx" ON "signing_keys" USING btree ("realm_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "refresh_tokens_session_idx" ON "refresh_tokens" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "refresh_tokens_expires_idx" ON "refresh_tokens" USING btree ("expires_at");--> statement-breakpoint
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