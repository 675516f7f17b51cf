import type { IncomingMessage } from "node:http";
import { parse as parseQuery } from "node:querystring";
import type { Request, RequestHandler } from "express";
import type { Logger } from "pino";
import type { RequestClient } from "#src/graphql/index.js";
import { bodyProblem } from "./body-errors.js";
import type { ContractDefinition, RouteDefinition } from "./contract.js";
import type { PreparedDocument } from "./documents.js";
import { graphFor, type GraphRuntime } from "./graph.js";
import { failureReply, principalRule } from "./failures.js";
import { findMalformedText, isPercentEncodedUtf8, malformedInput, type Malformed } from "./hostile-input.js";
import type { Reply } from "./reply.js";
import { describeIssue } from "./validation.js";

/**
 * A route of the lean lane: the hottest reads (a token's userinfo, a session lookup, a ticket
 * check) answered on node:http directly. Express, its router and its per-request logger cost more
 * than the route's own work there (bench/README.md, Profiling); the answer is the same as express would give.
 */
export interface LeanRoute {
  contract: string;
  method: "GET" | "POST";
  /** A form POST: its body is read here, by express's own parser; any other lean route takes bodiless requests only. */
  readsBody: boolean;
  /** What the route reads from this path and raw query string; undefined leaves the request to express. */
  match(path: string, rawQuery: string): LeanMatch | undefined;
  /** Never throws: a failure is the contract's answer; \`log\` (made only when needed) names the request. */
  serve(req: IncomingMessage, match: LeanMatch, client: RequestClient, log: () => Logger): Promise<Reply>;
}

export interface LeanMatch {
  params: Record<string, string>;
  /** Parsed as express parses it (node:querystring), for a route with a query schema. */
  query?: Record<string, unknown>;
}

/** Unreserved characters only: nothing to percent-decode, nothing hostile; anything else goes to express. */
const PLAIN_PARAMETER = "([A-Za-z0-9._~-]+)";

function pathPattern(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split("/")
    .map((segment) => {
      if (!segment.startsWith(":")) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(segment.slice(1));
      return PLAIN_PARAMETER;
    })
    .join("/");
  return { pattern: new RegExp(`^${source}$`), names };
}

/**
 * What the route reads from the query string: nothing for a route without a query schema (any
 * query then sends the request to express, which ignores it: the parity tests rely on that);
 * else the parsed query, unless the kit would find it malformed, which express answers.
 */
function queryOf(hasSchema: boolean, rawQuery: string): { query?: Record<string, unknown> } | undefined {
  if (!hasSchema) return rawQuery === "" ? {} : undefined;
  if (!isPercentEncodedUtf8(rawQuery)) return undefined;
  const query = parseQuery(rawQuery);
  return findMalformedText(query) ? undefined : { query };
}

/** What the contract's express router does with a body, done the same way here (mount.ts). */
export interface LeanBodySteps<D extends string> {
  /** The contract's body parser (a form parser for the routes that read bodies here). */
  parseBody: RequestHandler;
  /** The answer to input the kit finds malformed. */
  malformedReply(found: Malformed, definition: RouteDefinition<D>): Reply;
}

/** Runs express's body parser on the bare request; resolves to its error, if any. */
const parsed = (parseBody: RequestHandler, req: Request) => new Promise<unknown>((resolve) => void parseBody(req, undefined as never, resolve));

/** The contract's lean routes; a lean route that is not a GET or POST, or has a body schema, is a mistake caught at start-up. */
export function leanRoutesOf<D extends string>(contract: ContractDefinition<D>, documents: Record<D, PreparedDocument>, runtime: GraphRuntime, steps: LeanBodySteps<D>): LeanRoute[] {
  const definitions = contract.routes.filter((definition) => definition.lean);
  for (const definition of definitions) {
    if ((definition.method !== "get" && definition.method !== "post") || definition.body) {
      throw new Error(`${contract.name} ${definition.method.toUpperCase()} ${definition.path}: only a GET or POST without a body schema can be lean`);
    }
  }
  // A POST of a form contract reads its form itself (req.body); nothing else may read a body here.
  const readsBody = (definition: RouteDefinition<D>) => definition.method === "post" && contract.bodyFormat === "form";
  const principalOf = principalRule(contract as ContractDefinition<string>);
  return definitions.map((definition: RouteDefinition<D>) => {
    const { pattern, names } = pathPattern(contract.basePath + definition.path);
    return {
      contract: contract.name,
      method: definition.method === "get" ? "GET" : "POST",
      readsBody: readsBody(definition),
      match(path, rawQuery) {
        const found = pattern.exec(path);
        const query = found && queryOf(definition.query !== undefined, rawQuery);
        return query ? { params: Object.fromEntries(names.map((name, i) => [name, found[i + 1]!])), ...query } : undefined;
      },
      async serve(req, match, client, log) {
        // The same steps as the express handler (mount.ts), minus what cannot occur here:
        // undecodable paths and malformed queries.
        const express = req as Request;
        try {
          const who = await principalOf(express, runtime.services);
          if ("status" in who) return who;
          if (readsBody(definition)) {
            const failed = await parsed(steps.parseBody, express);
            // Express answers an unknown body error (an aborted upload) with a bare 500; here it is the contract's.
            if (failed) {
              const problem = bodyProblem(failed);
              if (!problem) throw failed;
              return contract.invalidRequest(problem.message, problem.status);
            }
            const malformed = malformedInput(express);
            if (malformed) return steps.malformedReply(malformed, definition);
          }
          const parts = {} as { params: unknown; query: unknown; body: unknown };
          for (const part of ["params", "query"] as const) {
            const schema = definition[part];
            if (!schema) continue;
            const parsed = schema.safeParse(part === "params" ? match.params : (match.query ?? {}));
            if (!parsed.success) return contract.invalidRequest(describeIssue(parsed.error), 400);
            parts[part] = parsed.data;
          }
          return await definition.handle(parts, graphFor(runtime, documents, who, client), express);
        } catch (error) {
          return failureReply(contract as ContractDefinition<string>, error, log());
        }
      },
    };
  });
}
