import type { Principal } from "#src/services/access/index.js";
import type { SignedRequest } from "#src/services/device-sessions/index.js";
import type { Services } from "#src/services/index.js";

/** A request signed by a device session's Ed25519 key acts as that session's user. */
export async function principalFromDeviceSignature(request: SignedRequest, services: Services): Promise<Principal> {
  const session = await services.deviceSessions.verifyRequest(request);
  return { kind: "user", userId: session.userId, realmId: session.realmId, sessionId: session.id, scopes: [] };
}
