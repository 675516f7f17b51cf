import "reflect-metadata";
import { validate } from "class-validator";
import type { Command } from "commander";
import { CreateUserInput } from "#src/graphql/inputs/index.js";
import { DomainError, ErrorCode } from "#src/services/errors/index.js";
import { readPassword } from "../password-input.js";
import type { CliContext, CliIo, Runner } from "../runtime.js";

export interface UserOptions {
  realm?: string;
  username: string;
  email?: string;
  firstName?: string;
  lastName?: string;
}

/** The username and e-mail rules live on the GraphQL input; the CLI checks the same class rather than a copy. */
async function assertValidUser(fields: Omit<UserOptions, "realm">): Promise<void> {
  const [problem] = await validate(Object.assign(new CreateUserInput(), fields), { forbidUnknownValues: false });
  if (problem) {
    const message = Object.values(problem.constraints ?? {})[0] ?? `invalid ${problem.property}`;
    throw new DomainError(ErrorCode.BAD_USER_INPUT, message, { field: problem.property });
  }
}

export async function createUser(ctx: CliContext, options: UserOptions) {
  const { realm: realmName, ...fields } = options;
  await assertValidUser(fields);
  const realm = await ctx.services.realms.require(realmName ?? ctx.defaultRealm);
  return ctx.services.users.create(realm.id, fields, ctx.actor);
}

export async function setUserPassword(ctx: CliContext, userId: string, password: string) {
  await ctx.services.passwords.set(userId, password, ctx.actor);
  return { userId, passwordSet: true };
}

export function registerUserCommands(program: Command, run: Runner, io: CliIo): void {
  const user = program.command("user").description("manage users");
  user
    .command("create")
    .description("create a user")
    .option("--realm <realm>", "realm name (default: DEFAULT_REALM)")
    .requiredOption("--username <username>", "login name, unique in the realm")
    .option("--email <email>", "e-mail address")
    .option("--first-name <name>", "given name")
    .option("--last-name <name>", "family name")
    .action((options: UserOptions) => run((ctx) => createUser(ctx, options)));
  // No --password <value>: argv is readable by every local user (ps, /proc/<pid>/cmdline)
  // and lands in shell history, so the password only ever comes in on stdin.
  user
    .command("set-password")
    .description("set a user's password, read from stdin (hidden prompt at a terminal)")
    .argument("<userId>", "the user's id")
    .option("--password-stdin", "read the password from stdin even at a terminal (until EOF)")
    .action((userId: string, options: { passwordStdin?: boolean }) =>
      run(async (ctx) => setUserPassword(ctx, userId, await readPassword(io.stdin, io.prompt, options.passwordStdin === true))),
    );
}
