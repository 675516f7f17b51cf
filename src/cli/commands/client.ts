import { Option, type Command } from "commander";
import { GRANT_TYPES, type GrantType } from "#src/services/clients/index.js";
import type { CliContext, Runner } from "../runtime.js";

export interface ClientOptions {
  realm?: string;
  clientId: string;
  confidential?: boolean;
  grant: GrantType[];
  redirectUri?: string[];
}

/** A confidential client's secret is in the result this once; only its hash is stored. */
export async function createClient(ctx: CliContext, options: ClientOptions) {
  const realm = await ctx.services.realms.require(options.realm ?? ctx.defaultRealm);
  const { client, secret } = await ctx.services.clients.create(
    realm.id,
    { clientId: options.clientId, public: !options.confidential, grants: options.grant, redirectUris: options.redirectUri ?? [] },
    ctx.actor,
  );
  const { secretHash: _hash, ...shown } = client;
  if (secret) ctx.warn("note: the client secret is shown only this once; store it now");
  return secret ? { client: shown, secret } : { client: shown };
}

export function registerClientCommands(program: Command, run: Runner): void {
  const client = program.command("client").description("manage OAuth clients");
  client
    .command("create")
    .description("create a client (public unless --confidential)")
    .option("--realm <realm>", "realm name (default: DEFAULT_REALM)")
    .requiredOption("--client-id <id>", "the client_id")
    .option("--confidential", "generate a client secret (printed once)")
    .addOption(new Option("--grant <grant...>", "allowed grant types").choices(GRANT_TYPES).makeOptionMandatory())
    .option("--redirect-uri <uri...>", "allowed redirect URIs (authorization_code)")
    .action((options: ClientOptions) => run((ctx) => createClient(ctx, options)));
}
