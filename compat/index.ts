import { authService } from "./auth-service/index.js";
import { galaxyAuthsession } from "./galaxy-authsession/index.js";
import { idBroker } from "./id-broker/index.js";
import type { ContractSource } from "./kit/index.js";
import { oidc } from "./oidc/index.js";
import { passkeyAuth } from "./passkey-auth/index.js";

/** Every REST contract the server honours; each declares its own listener. */
export const contracts: ContractSource[] = [galaxyAuthsession, idBroker, oidc, ...authService, passkeyAuth];
