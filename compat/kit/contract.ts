import type { Request } from "express";
import type { z } from "zod";
import type { ClassifiedError } from "#src/graphql/index.js";
import type { Config } from "#src/config/index.js";
import type { Principal } from "#src/services/access/index.js";
import type { ErrorCode } from "#src/services/errors/index.js";
import type { Services } from "#src/services/index.js";
import type { Graph } from "./graph.js";
import type { Reply } from "./reply.js";

export type Listener = "public" | "internal";
export type Method = "get" | "post" | "put" | "patch" | "delete";

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

export interface RouteDefinition<D extends string, P = unknown, Q = unknown, B = unknown> {
  method: Method;
  /** An express path, relative to the contract's base path. */
  path: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /**
   * How this route answers input the kit finds malformed (NUL, lone surrogates, bytes that are not
   * UTF-8), when it must differ from the contract's table (a login that answers every failure alike).
   */
  malformed?: ErrorReply;
  /**
   * Also served by the lean lane (lean.ts) for a GET or POST whose path parameters are plain
   * unreserved characters, with no body at all (a POST of a form contract: any body, read by the
   * contract's own form parser), and with no query string unless the route has a query schema
   * (then one the kit finds well-formed; lean.ts and src/http/lean-lane.ts say exactly which):
   * the same principal rule, schemas, documents and error table, without express's per-request
   * cost. Every other request still takes express. Only a GET or POST that declares no body
   * schema may be lean; such a route (and its contract's principal rule) may read only what
   * node:http gives: the method, the URL, the headers, and req.body for a form.
   */
  lean?: true;
  handle(input: RouteInput<P, Q, B>, graph: Graph<D>, req: Request): Promise<Reply>;
}

/** Helps TypeScript infer a route's input types from its schemas. */
export function route<D extends string, P = unknown, Q = unknown, B = unknown>(definition: RouteDefinition<D, P, Q, B>): RouteDefinition<D> {
  return definition as unknown as RouteDefinition<D>;
}

/** How one domain code answers in the contract's terms. */
export type ErrorReply = Reply | ((failure: ClassifiedError) => Reply);

/**
 * The one table from domain codes to the contract's statuses and bodies. INTERNAL is the fallback.
 * The kit's own MALFORMED_INPUT and MALFORMED_PATH (hostile-input.ts) default to invalidRequest
 * (a 400), and MALFORMED_PATH to notFound when the contract has one.
 */
export type ErrorTable = Partial<Record<ErrorCode | string, ErrorReply>> & { INTERNAL: ErrorReply };

export interface ContractDefinition<D extends string> {
  name: string;
  listener: Listener;
  /** Prefix of every route, e.g. /api/v1/internal. */
  basePath: string;
  /** GraphQL operations the routes run, by name; validated against the schema at start-up. */
  documents: Record<D, string>;
  /** The contract's body for a request that fails its schemas (status 400 unless given). */
  invalidRequest(message: string, status: number): Reply;
  errors: ErrorTable;
  /**
   * Who the caller is; defaults to a trusted service principal named after the contract. Runs
   * before routing and body parsing; a Reply answers the request at once (e.g. a 401).
   */
  principal?(req: Request, services: Services): Promise<Principal | Reply>;
  /**
   * Top-level paths below basePath the contract owns (e.g. ["/user", "/mfa"]); needed when
   * basePath is "" so that the contract leaves every other path of the listener alone.
   * Defaults to the whole basePath.
   */
  paths?: string[];
  /** The answer for a request inside the contract's paths that matches no route (else the listener's 404). */
  notFound?: Reply;
  /** How bodies are parsed: JSON (the default), or an HTML form (urlencoded; a repeated name becomes an array). */
  bodyFormat?: "json" | "form";
  routes: RouteDefinition<D>[];
}

/** A contract, or a function building one from the configuration (for contracts that read settings). */
export type ContractSource = ContractDefinition<string> | ((config: Config) => ContractDefinition<string>);

export function resolveContract(source: ContractSource, config: Config): ContractDefinition<string> {
  return typeof source === "function" ? source(config) : source;
}

export function defineContract<D extends string>(definition: ContractDefinition<D>): ContractDefinition<D> {
  return definition;
}
