/** The few parts of oidc-provider (which ships no types) that the bench's peer uses. */
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  interface Saved {
    save(): Promise<string>;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
    Client: { find(id: string): Promise<unknown> };
    Grant: new (fields: { accountId: string; clientId: string }) => Saved & { addOIDCScope(scope: string): void };
    AccessToken: new (fields: Record<string, unknown>) => Saved;
    RefreshToken: new (fields: Record<string, unknown>) => Saved;
  }
}
