import { availableParallelism } from "node:os";
import { envSchema } from "./env.js";

export interface Config {
  port: number;
  host: string;
  internalPort: number;
  internalHost: string;
  /** undefined: embedded PGlite in dataDir; "memory://": in-memory PGlite; postgres://: real PostgreSQL. */
  databaseUrl: string | undefined;
  dataDir: string;
  adminApiKey: string | undefined;
  defaultRealm: string;
  publicUrl: string;
  authHost: string | undefined;
  smtpUrl: string | undefined;
  redisUrl: string | undefined;
  apiAccessKeys: string[];
  rpOrigins: string[];
  /** Origins besides PUBLIC_URL's, AUTH_HOST and the request's own that may send cookie-authenticated state changes. */
  allowedOrigins: string[];
  /** Proxies whose X-Forwarded-* headers are believed (proxy-addr syntax); the client address is the first untrusted hop. */
  trustProxy: string[];
  /** CORS: closed when empty; listed origins get exactly their origin back, with credentials only when corsCredentials. */
  cors: { origins: string[]; credentials: boolean };
  rpId: string;
  rpName: string;
  authCookieSecure: boolean;
  logLevel: string;
  bodyLimit: string;
  /** The ID Broker's IDP_NAME (last entry of every `member` list); defaults to the default realm's name. */
  idpName: string;
  passwordPolicy: { minLength: number; rejectCommon: boolean };
  /** Sender of outbox e-mails delivered over SMTP_URL; defaults to no-reply at the PUBLIC_URL host. */
  mailFrom: string;
  /** Encrypts signing keys at rest; unset: a key file in dataDir (embedded) or a per-process key (memory://). */
  secretsKey: string | undefined;
  /** Former SECRETS_KEYs during a rotation: they open and verify what they sealed, never seal. */
  secretsKeyPrevious: string[];
  /** Days after which housekeeping rotates a realm's signing key; 0 turns it off. */
  signingKeyRotationDays: number;
  /** Session events are kept this long once every sink delivered them. */
  retention: { sessionRetentionDays: number; auditRetentionDays: number; sessionEventRetentionDays: number };
  /** argon2id cost of new password and secret hashes, and how many hashes run at once. */
  passwordHash: { memoryCost: number; timeCost: number; inFlight: number };
  /** Seconds between purges of stale rows; 0 turns the purge off. */
  purgeIntervalSeconds: number;
  /** PostgreSQL connections per instance. */
  databasePoolSize: number;
  /** How long a passkey WebSocket ceremony waits for the browser (and its challenge lives). */
  passkeyCeremonyTimeoutSeconds: number;
  /** Failure counting and waits of every credential check (BRUTE_FORCE_*; the rule is services/rate-limits). */
  bruteForce: {
    /** Failures of one account (a user, a confidential client) before its first wait. */
    failureFactor: number;
    /** Failures from one client address, over every account, before its first wait. */
    addressFailureFactor: number;
    /** The wait at the factor; each further multiple of the factor adds as much again, up to maxWaitSeconds. */
    waitIncrementSeconds: number;
    maxWaitSeconds: number;
    /** Failures are forgotten this long after the first of them (an account's also on a success). */
    failureResetSeconds: number;
    /** Lock the user (users.locked, lifted by an admin) at the factor instead of waiting. */
    permanentLockout: boolean;
  };
  /** Who may introspect the graph and see "Did you mean" suggestions: any authenticated caller, everyone, or nobody. */
  graphqlIntrospection: "authenticated" | "all" | "off";
}

export class ConfigError extends Error {}

/**
 * argon2id hashes in flight at once: one per core, and never all of libuv's thread pool
 * (UV_THREADPOOL_SIZE, read as libuv reads it: 4 when unset, 1 to 1024), so token signing and
 * other pool work never queue behind a row of hashes. Each hash runs on four lanes of its own,
 * so this still keeps every core busy; more in flight only hold more memory (up to 64 MiB each).
 */
export function hashesInFlight(threadPoolSize: string | undefined, cores: number): number {
  const parsed = Number.parseInt(threadPoolSize ?? "", 10);
  const pool = Number.isNaN(parsed) ? 4 : Math.min(1024, Math.max(1, parsed));
  return Math.max(1, Math.min(cores, pool - 1));
}

/** Reads the configuration from an environment; fails with every problem named, never with a secret's value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  // Every instance on a shared PostgreSQL must decrypt the same signing keys: a per-instance key file cannot do that.
  if (!e.SECRETS_KEY && /^postgres(ql)?:\/\//.test(e.DATABASE_URL ?? "")) throw new ConfigError("invalid configuration: SECRETS_KEY: required when DATABASE_URL is postgres://");
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  return {
    port: e.PORT,
    host: e.HOST,
    internalPort: e.INTERNAL_PORT,
    internalHost: e.INTERNAL_HOST,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: e.DATA_DIR,
    adminApiKey: e.ADMIN_API_KEY,
    defaultRealm: e.DEFAULT_REALM,
    publicUrl,
    authHost: e.AUTH_HOST,
    smtpUrl: e.SMTP_URL,
    redisUrl: e.REDIS_URL,
    apiAccessKeys: e.API_ACCESS_KEYS,
    rpOrigins: e.RP_ORIGINS,
    allowedOrigins: e.ALLOWED_ORIGINS,
    trustProxy: e.TRUST_PROXY,
    cors: { origins: e.CORS_ORIGINS, credentials: e.CORS_CREDENTIALS },
    rpId: e.RP_ID ?? new URL(publicUrl).hostname,
    rpName: e.RP_NAME,
    authCookieSecure: e.AUTH_COOKIE_SECURE,
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.BODY_LIMIT,
    idpName: e.IDP_NAME ?? e.DEFAULT_REALM,
    passwordPolicy: { minLength: e.PASSWORD_MIN_LENGTH, rejectCommon: e.PASSWORD_REJECT_COMMON },
    mailFrom: e.MAIL_FROM ?? `no-reply@${new URL(publicUrl).hostname}`,
    secretsKey: e.SECRETS_KEY,
    secretsKeyPrevious: e.SECRETS_KEY_PREVIOUS,
    signingKeyRotationDays: e.SIGNING_KEY_ROTATION_DAYS,
    passwordHash: { memoryCost: e.PASSWORD_HASH_MEMORY_KIB, timeCost: e.PASSWORD_HASH_TIME_COST, inFlight: hashesInFlight(e.UV_THREADPOOL_SIZE, availableParallelism()) },
    retention: {
      sessionRetentionDays: e.SESSION_RETENTION_DAYS,
      auditRetentionDays: e.AUDIT_RETENTION_DAYS,
      sessionEventRetentionDays: e.SESSION_EVENT_RETENTION_DAYS,
    },
    purgeIntervalSeconds: e.PURGE_INTERVAL_SECONDS,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    passkeyCeremonyTimeoutSeconds: e.PASSKEY_CEREMONY_TIMEOUT_SECONDS,
    bruteForce: {
      failureFactor: e.BRUTE_FORCE_FAILURE_FACTOR,
      addressFailureFactor: e.BRUTE_FORCE_ADDRESS_FAILURE_FACTOR,
      waitIncrementSeconds: e.BRUTE_FORCE_WAIT_INCREMENT_SECONDS,
      maxWaitSeconds: e.BRUTE_FORCE_MAX_WAIT_SECONDS,
      failureResetSeconds: e.BRUTE_FORCE_FAILURE_RESET_SECONDS,
      permanentLockout: e.BRUTE_FORCE_PERMANENT_LOCKOUT,
    },
    graphqlIntrospection: e.GRAPHQL_INTROSPECTION,
  };
}
