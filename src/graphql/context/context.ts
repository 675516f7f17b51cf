import type { Logger } from "pino";
import type { Principal } from "#src/services/access/index.js";
import type { Services } from "#src/services/index.js";
import type { SessionEventChannel } from "../subscriptions/index.js";
import type { Loaders } from "./loaders.js";

/** What every resolver gets: who calls, the services, and per-request batch loaders. */
export interface GraphQLContext {
  principal: Principal;
  services: Services;
  loaders: Loaders;
  defaultRealm: string;
  /** Where the request came from, recorded on the sessions it opens. */
  client: RequestClient;
  /** The request's logger (its lines carry the request id); absent for compat's in-process runs, which log their own failures. */
  logger?: Logger;
  /** This instance's session event feed: set for operations over graphql-ws, where subscriptions run. */
  sessionEvents?: SessionEventChannel;
}

export interface RequestClient {
  ip: string | null;
  userAgent: string | null;
}
