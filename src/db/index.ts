export { connect, UnsupportedDatabaseUrlError } from "./connect.js";
export { migrate, migrationsFolder } from "./migrate.js";
export type { ConnectOptions, Database, DatabaseKind, Db, Schema } from "./database.js";
export * as tables from "./schema/index.js";
export type { RetryEvent } from "./retry.js";
export { pgErrorOf } from "./sqlstate.js";
export { announceChange, type ChangeFeed, type ChangeSignal, type ChangeTopic } from "./changes.js";
export { isAnyId, preparedFor } from "./prepared.js";
