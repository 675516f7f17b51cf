import proxyaddr from "proxy-addr";
import { z } from "zod";

const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"])
    .optional()
    .transform((v) => (v === undefined ? fallback : ["true", "1", "yes"].includes(v)));

const commaList = z
  .string()
  .optional()
  .transform((v) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean));

/** Browser origins (`scheme://host[:port]`, nothing after it), compared as the Origin header sends them. */
const originList = commaList.pipe(
  z.array(z.string().refine((v) => URL.canParse(v) && new URL(v).origin === v.replace(/\/+$/, "").toLowerCase(), "every entry must be an origin such as https://app.example.com")),
).transform((list) => list.map((v) => new URL(v).origin));

/** Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: addresses, CIDR ranges, or proxy-addr's names (loopback, linklocal, uniquelocal). */
const trustedProxies = commaList.refine((list) => {
  try {
    proxyaddr.compile(list);
    return true;
  } catch {
    return false;
  }
}, "every entry must be an IP address, a CIDR range, or one of loopback, linklocal, uniquelocal");

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** Every environment variable the server reads, parsed once at start-up (DESIGN.md). */
export const envSchema = z.object({
  PORT: port(8080),
  INTERNAL_PORT: port(8081),
  INTERNAL_HOST: z.string().min(1).default("127.0.0.1"),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  ADMIN_API_KEY: z.string().min(16, "must be at least 16 characters").optional(),
  DEFAULT_REALM: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).default("master"),
  PUBLIC_URL: z.string().url().optional(),
  AUTH_HOST: z.string().optional(),
  SMTP_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  API_ACCESS_KEYS: commaList,
  RP_ORIGINS: commaList,
  ALLOWED_ORIGINS: originList,
  CORS_ORIGINS: originList,
  CORS_CREDENTIALS: bool(false),
  TRUST_PROXY: trustedProxies.transform((list) => (list.length > 0 ? list : ["loopback"])),
  RP_ID: z.string().optional(),
  RP_NAME: z.string().default("Identity"),
  AUTH_COOKIE_SECURE: bool(true),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  BODY_LIMIT: z.string().default("100kb"),
  IDP_NAME: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).optional(),
  PASSWORD_MIN_LENGTH: z.coerce.number().int().min(1).max(1024).default(8),
  PASSWORD_REJECT_COMMON: bool(true),
  SECRETS_KEY: z.string().min(32, "must be at least 32 characters").optional(),
  SECRETS_KEY_PREVIOUS: commaList.pipe(z.array(z.string().min(32, "every key must be at least 32 characters"))),
  SIGNING_KEY_ROTATION_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  PASSWORD_HASH_MEMORY_KIB: z.coerce.number().int().min(4096).max(4_194_304).default(65_536),
  PASSWORD_HASH_TIME_COST: z.coerce.number().int().min(1).max(20).default(3),
  /** libuv's own variable, read only to size the argon2id hashes in flight (hashesInFlight). */
  UV_THREADPOOL_SIZE: z.string().optional(),
  SESSION_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
  SESSION_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).default(7),
  PURGE_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(600),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  PASSKEY_CEREMONY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(120),
  BRUTE_FORCE_FAILURE_FACTOR: z.coerce.number().int().min(1).max(1000).default(5),
  BRUTE_FORCE_ADDRESS_FAILURE_FACTOR: z.coerce.number().int().min(1).max(100_000).default(50),
  BRUTE_FORCE_WAIT_INCREMENT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  BRUTE_FORCE_MAX_WAIT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  BRUTE_FORCE_FAILURE_RESET_SECONDS: z.coerce.number().int().min(1).max(2_592_000).default(43_200),
  BRUTE_FORCE_PERMANENT_LOCKOUT: bool(false),
  GRAPHQL_INTROSPECTION: z.enum(["authenticated", "all", "off"]).default("authenticated"),
});
