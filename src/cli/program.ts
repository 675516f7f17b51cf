import { Command } from "commander";
import { registerApiKeyCommands } from "./commands/api-key.js";
import { registerClientCommands } from "./commands/client.js";
import { registerMigrateCommand } from "./commands/migrate.js";
import { registerRealmCommands } from "./commands/realm.js";
import { registerSecretsCommands } from "./commands/secrets.js";
import { registerUserCommands } from "./commands/user.js";
import { runnerFor, type CliIo } from "./runtime.js";

/** The operator CLI: every command prints JSON on stdout; messages and errors go to stderr. */
export function createProgram(io: CliIo): Command {
  const program = new Command("identity")
    .description("operator commands of the identity server (DATABASE_URL / DATA_DIR select the store)")
    .configureOutput({ writeOut: (text) => io.print(text.trimEnd()), writeErr: (text) => io.warn(text.trimEnd()) })
    .showHelpAfterError()
    // Inherited by every command: a stray word (say, a password typed after the user id) is an error, not ignored.
    .allowExcessArguments(false);
  const run = runnerFor(io);
  registerMigrateCommand(program, run);
  registerRealmCommands(program, run);
  registerClientCommands(program, run);
  registerUserCommands(program, run, io);
  registerApiKeyCommands(program, run);
  registerSecretsCommands(program, run);
  return program;
}
