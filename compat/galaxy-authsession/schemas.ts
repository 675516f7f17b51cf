import { z } from "zod";

/** A string field with messages that name it. */
const text = (name: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `${name} is required` : `${name} must be a string`) });

const nonEmpty = (name: string) => text(name).min(1, `${name} must not be empty`);

const body = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject(shape, { error: (issue) => (issue.code === "invalid_type" ? "request body must be a JSON object" : undefined) });

export const actorSchema = z.strictObject(
  { type: nonEmpty("actor.type"), id: text("actor.id").optional() },
  { error: (issue) => (issue.code === "invalid_type" ? (issue.input === undefined ? "actor is required" : "actor must be an object") : undefined) },
);

export const revokeBody = body({ reason_code: nonEmpty("reason_code"), actor: actorSchema });

export const blockBody = body({
  user_id: nonEmpty("user_id").optional(),
  email: nonEmpty("email").pipe(z.email("email must be a valid e-mail address")).optional(),
  reason_code: nonEmpty("reason_code"),
  actor: actorSchema,
}).refine((b) => (b.user_id === undefined) !== (b.email === undefined), { message: "exactly one of user_id or email is required" });

export const sessionParams = z.object({ device_session_id: z.string().min(1) });
export const userParams = z.object({ user_id: z.string().min(1) });
