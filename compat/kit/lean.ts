import type { IncomingMessage } from "node:http";
import type { Request } from "express";
import type { Logger } from "pino";
import type { RequestClient } from "#src/graphql/index.js";
import type { ContractDefinition, RouteDefinition } from "./contract.js";
import type { PreparedDocument } from "./documents.js";
import { graphFor, type GraphRuntime } from "./graph.js";
import { failureReply, principalRule } from "./failures.js";
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
  /** The route's parameters when it serves this exact path; undefined leaves the request to express. */
  match(path: string): Record<string, string> | undefined;
  /** Never throws: a failure is the contract's answer; \`log\` (made only when needed) names the request. */
  serve(req: IncomingMessage, params: Record<string, string>, client: RequestClient, log: () => Logger): Promise<Reply>;
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

/** The contract's lean routes; a lean route that is not a GET or POST, or reads a query or a body, is a mistake caught at start-up. */
export function leanRoutesOf<D extends string>(contract: ContractDefinition<D>, documents: Record<D, PreparedDocument>, runtime: GraphRuntime): LeanRoute[] {
  const definitions = contract.routes.filter((definition) => definition.lean);
  for (const definition of definitions) {
    if ((definition.method !== "get" && definition.method !== "post") || definition.query || definition.body) {
      throw new Error(`${contract.name} ${definition.method.toUpperCase()} ${definition.path}: only a GET or POST without query or body schemas can be lean`);
    }
  }
  const principalOf = principalRule(contract as ContractDefinition<string>);
  return definitions.map((definition: RouteDefinition<D>) => {
    const { pattern, names } = pathPattern(contract.basePath + definition.path);
    return {
      contract: contract.name,
      method: definition.method === "get" ? "GET" : "POST",
      match(path) {
        const found = pattern.exec(path);
        return found ? Object.fromEntries(names.map((name, i) => [name, found[i + 1]!])) : undefined;
      },
      async serve(req, raw, client, log) {
        // The same steps as the express handler (mount.ts), minus what cannot occur here: bodies,
        // queries and undecodable paths.
        const express = req as Request;
        try {
          const who = await principalOf(express, runtime.services);
          if ("status" in who) return who;
          const parts = {} as { params: unknown; query: unknown; body: unknown };
          if (definition.params) {
            const parsed = definition.params.safeParse(raw);
            if (!parsed.success) return contract.invalidRequest(describeIssue(parsed.error), 400);
            parts.params = parsed.data;
          }
          return await definition.handle(parts, graphFor(runtime, documents, who, client), express);
        } catch (error) {
          return failureReply(contract as ContractDefinition<string>, error, log());
        }
      },
    };
  });
}
