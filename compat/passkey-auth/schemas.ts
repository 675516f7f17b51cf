import { z } from "zod";

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `?perm=a&perm=b` (or one): every listed permission is required. */
export const permQuery = z.looseObject({
  perm: z.union([z.string(), z.array(z.string())]).optional().transform((p) => (p === undefined ? [] : Array.isArray(p) ? p : [p])),
});

export const resetQuery = z.looseObject({ reset: z.string().optional() });

export const sessionParams = z.object({ id: z.string() });
export const isSessionId = (id: string) => ID.test(id);
export const credentialParams = z.object({ id: z.string() });

const body = <T extends z.ZodRawShape>(shape: T) =>
  z.looseObject(shape, { error: (issue) => (issue.code === "invalid_type" ? "request body must be a JSON object" : undefined) });

const text = (name: string) => z.string({ error: (issue) => (issue.input === undefined ? `${name} required` : `${name} must be a string`) });

export const displayNameBody = body({ display_name: text("display_name") });

export const orgBody = body({ display_name: text("display_name"), permissions: z.array(z.string()).optional() });
export const roleBody = body({ display_name: text("display_name"), permissions: z.array(z.string()).default([]) });
export const rolePatchBody = body({ display_name: z.string().optional(), permissions: z.array(z.string()).optional() });
export const orgUserBody = body({ display_name: text("display_name"), role: text("role") });
export const userRoleBody = body({ role: text("role") });
export const permissionBody = body({ id: text("id"), display_name: text("display_name") });
export const renameBody = body({ old_id: text("old_id"), new_id: text("new_id"), display_name: z.string().optional() });

/** Admin paths name a permission in the query (`?permission_id=`) or the body, as deployed clients do either. */
export const permissionIdQuery = z.looseObject({ permission_id: z.string().optional() });
export const optionalPermissionBody = z.union([z.looseObject({ permission_id: z.string().optional(), id: z.string().optional(), display_name: z.string().optional() }), z.undefined()]);

export const orgParams = z.object({ org: z.string() });
export const orgRoleParams = z.object({ org: z.string(), role: z.string() });
export const orgUserParams = z.object({ org: z.string(), user: z.string() });
export const orgUserCredentialParams = z.object({ org: z.string(), user: z.string(), credential: z.string() });
