import type { Command } from "commander";
import type { CliContext, Runner } from "../runtime.js";

/**
 * Step three of a SECRETS_KEY rotation: rewrites every value sealed under a previous key under the
 * current one, and counts them; once `unreadable` and a second run's `resealed` are all 0, the
 * previous key can leave SECRETS_KEY_PREVIOUS. Safe beside running servers (conditional rewrites).
 */
export async function resealSecrets(ctx: CliContext) {
  const columns = await ctx.services.housekeeping.reseal();
  const total = (field: "resealed" | "unreadable") => Object.values(columns).reduce((sum, count) => sum + count[field], 0);
  return { resealed: total("resealed"), unreadable: total("unreadable"), columns };
}

export function registerSecretsCommands(program: Command, run: Runner): void {
  const secrets = program.command("secrets").description("values sealed with SECRETS_KEY");
  secrets
    .command("reseal")
    .description("rewrite values sealed under SECRETS_KEY_PREVIOUS (or the v1 format) under SECRETS_KEY, and report counts")
    .action(() => run(resealSecrets));
}
