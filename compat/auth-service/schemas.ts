import { z } from "zod";

/** A string field with messages that name it. */
const text = (name: string) => z.string({ error: (issue) => (issue.input === undefined ? `${name} is required` : `${name} must be a string`) });

/** A JSON object body; no body at all reads as an empty one (the fields then say what is missing). */
const body = <T extends z.ZodRawShape>(shape: T) =>
  z.preprocess((value) => value ?? {}, z.object(shape, { error: (issue) => (issue.code === "invalid_type" ? "request body must be a JSON object" : undefined) }));

/** Missing fields are a failed login (403, like a wrong password), not a malformed request. */
export const loginBody = body({ username: text("username").optional(), password: text("password").optional() });
export const sessionIdBody = body({ sessionId: text("sessionId").min(1, "sessionId must not be empty") });
export const hashBody = body({ toHash: text("toHash") });
export const isEqualsBody = body({ toHash: text("toHash"), toCompare: text("toCompare") });
