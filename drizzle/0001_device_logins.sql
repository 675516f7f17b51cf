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
ALTER TABLE "device_login_challenges" ADD CONSTRAINT "device_login_challenges_realm_id_realms_id_fk" FOREIGN KEY ("realm_id") REFERENCES "public"."realms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_login_challenges" ADD CONSTRAINT "device_login_challenges_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_request_nonces" ADD CONSTRAINT "device_request_nonces_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "device_login_challenges_expires_idx" ON "device_login_challenges" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "device_request_nonces_expires_idx" ON "device_request_nonces" USING btree ("expires_at");