import type { Owner } from "#src/services/mfa/index.js";
import type { GraphQLContext } from "../context/index.js";
import type { MfaOwnerFields } from "../inputs/mfa.input.js";

/** Resolves the realm of an employee id (default realm unless named); a user id needs none. */
export async function ownerOf(ctx: GraphQLContext, fields: MfaOwnerFields): Promise<Owner> {
  const realm = await ctx.services.realms.require(fields.realm ?? ctx.defaultRealm);
  return { realmId: realm.id, employeeId: fields.employeeId ?? null, userId: fields.userId ?? null };
}
