CREATE TYPE "public"."session_event_type" AS ENUM('created', 'refreshed', 'revoked', 'blocked');--> statement-breakpoint
CREATE TABLE "session_event_cursors" (
	"sink" text PRIMARY KEY NOT NULL,
	"tx_id" bigint NOT NULL,
	"event_id" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "session_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tx_id" bigint DEFAULT (pg_current_xact_id()::text::bigint) NOT NULL,
	"type" "session_event_type" NOT NULL,
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"reason_code" text,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"url" text NOT NULL,
	"event_types" "session_event_type"[] NOT NULL,
	"secret_sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cursor_tx_id" bigint NOT NULL,
	"cursor_event_id" bigint DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"disabled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "session_events_order_idx" ON "session_events" USING btree ("tx_id","id");--> statement-breakpoint
CREATE INDEX "session_events_occurred_idx" ON "session_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "webhooks_due_idx" ON "webhooks" USING btree ("next_attempt_at");