import { Option, type Command } from "commander";
import { allScopes } from "#src/services/access/index.js";
import type { CliContext, Runner } from "../runtime.js";

export interface ApiKeyOptions {
  name: string;
  scope: string[];
}

/** The token is in the result this once; only a hash of its secret is stored. */
export async function createApiKey(ctx: CliContext, options: ApiKeyOptions) {
  const { key, token } = await ctx.services.apiKeys.create({ name: options.name, scopes: options.scope }, ctx.actor);
  const { secretHash: _hash, ...shown } = key;
  ctx.warn("note: the token is shown only this once; store it now");
  return { apiKey: shown, token };
}

export function registerApiKeyCommands(program: Command, run: Runner): void {
  const apiKey = program.command("api-key").description("manage API keys");
  apiKey
    .command("create")
    .description("create an API key (its token is printed once)")
    .requiredOption("--name <name>", "what the key is for")
    .addOption(new Option("--scope <scope...>", "scopes the key carries").choices(allScopes).makeOptionMandatory())
    .action((options: ApiKeyOptions) => run((ctx) => createApiKey(ctx, options)));
}
