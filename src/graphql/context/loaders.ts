import DataLoader from "dataloader";
import type { SessionRow, UserRow } from "#src/db/schema/index.js";
import type { Services } from "#src/services/index.js";

/** Per-request batching: a page of users with their sessions costs one query per level. */
export function createLoaders(services: Services) {
  return {
    userById: new DataLoader<string, UserRow | undefined>(async (ids) => {
      const rows = await services.users.byIds(ids);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id));
    }),
    sessionsByUserId: new DataLoader<string, SessionRow[]>(async (userIds) => {
      const rows = await services.sessions.ofUsers(userIds);
      const grouped = new Map<string, SessionRow[]>(userIds.map((id) => [id, []]));
      for (const row of rows) grouped.get(row.userId)?.push(row);
      return userIds.map((id) => grouped.get(id) ?? []);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
