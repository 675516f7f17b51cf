import type { GraphSession } from "./documents.js";

/** The contract's Session: snake_case, enums in lower case, no device key as an empty string. */
export function toSessionDto(session: GraphSession) {
  return {
    device_session_id: session.id,
    user_id: session.userId,
    client_public_key: session.clientPublicKey ?? "",
    status: session.status.toLowerCase(),
    created_at: session.createdAt,
    revoked_at: session.revokedAt,
    revoke_reason_code: session.revokeReasonCode,
    revoke_actor_type: session.revokeActorType,
    revoke_actor_id: session.revokeActorId,
  };
}
