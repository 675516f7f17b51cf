import type { z } from "zod";

/** The first problem, in words a client can act on: "actor.type: Required" style. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid request";
  const path = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.join(", ");
    return path ? `${path}: unknown field(s): ${keys}` : `unknown field(s): ${keys}`;
  }
  return path && !issue.message.startsWith(path) ? `${path}: ${issue.message}` : issue.message;
}
