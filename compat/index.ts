import { galaxyAuthsession } from "./galaxy-authsession/index.js";
import type { ContractDefinition } from "./kit/index.js";

/** Every REST contract the server honours; each declares its own listener. */
export const contracts: ContractDefinition<string>[] = [galaxyAuthsession];
