import type { Command } from "commander";
import type { CliContext, Runner } from "../runtime.js";

export async function createRealm(ctx: CliContext, name: string) {
  return ctx.services.realms.create(name, {}, ctx.actor);
}

export function registerRealmCommands(program: Command, run: Runner): void {
  const realm = program.command("realm").description("manage realms");
  realm
    .command("create")
    .description("create a realm")
    .argument("<name>", "1-64 letters, digits, '_' or '-'")
    .action((name: string) => run((ctx) => createRealm(ctx, name)));
}
