import type { Command } from "commander";
import type { CliContext, Runner } from "../runtime.js";

/** Every command migrates first; this one does only that (for deploy pipelines that migrate before rollout). */
export async function migrateDatabase(ctx: CliContext) {
  return { migrated: true, database: ctx.database };
}

export function registerMigrateCommand(program: Command, run: Runner): void {
  program
    .command("migrate")
    .description("apply pending SQL migrations and ensure the default realm exists")
    .action(() => run(migrateDatabase));
}
