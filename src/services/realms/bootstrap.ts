import { systemActor } from "../access/index.js";
import type { ClientService } from "../clients/index.js";
import { DomainError, ErrorCode } from "../errors/index.js";
import type { RealmService } from "./realm.service.js";

/** The default realm always exists, with the public client `app` (password and refresh_token grants). */
export async function ensureDefaultRealm(realms: RealmService, clients: ClientService, name: string): Promise<void> {
  if (!(await realms.find(name))) {
    await createIgnoringRace(() => realms.create(name, {}, systemActor), ErrorCode.REALM_EXISTS);
  }
  const realm = await realms.require(name);
  if (!(await clients.find(realm.id, "app"))) {
    await createIgnoringRace(() => clients.create(realm.id, { clientId: "app", name: "app", public: true, grants: ["password", "refresh_token"] }, systemActor), ErrorCode.CLIENT_EXISTS);
  }
}

/** Two instances starting together may both try; the loser's conflict is not an error. */
async function createIgnoringRace(create: () => Promise<unknown>, conflict: ErrorCode): Promise<void> {
  try {
    await create();
  } catch (error) {
    if (!(error instanceof DomainError && error.code === conflict)) throw error;
  }
}
