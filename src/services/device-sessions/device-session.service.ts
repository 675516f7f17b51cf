import type { ServiceDeps } from "../deps/index.js";
import { completeDeviceLogin } from "./complete-login.js";
import { verifyDeviceRequest, type SignedRequest } from "./request-signature.js";
import { startDeviceLogin } from "./start-login.js";

export function createDeviceSessionService(deps: ServiceDeps) {
  return {
    startLogin: (realmId: string, email: string) => startDeviceLogin(deps, realmId, email),
    completeLogin: (input: Parameters<typeof completeDeviceLogin>[1]) => completeDeviceLogin(deps, input),
    verifyRequest: (request: SignedRequest) => verifyDeviceRequest(deps, request),
  };
}

export type DeviceSessionService = ReturnType<typeof createDeviceSessionService>;
