import type { Config } from "#src/config/index.js";

/** What the broker's routes read from the configuration. */
export interface BrokerSettings {
  defaultRealm: string;
  /** Appended to every user's `member` list, as the deployed IDP_NAME. */
  idpName: string;
}

export function brokerSettings(config: Config): BrokerSettings {
  return { defaultRealm: config.defaultRealm, idpName: config.idpName };
}
