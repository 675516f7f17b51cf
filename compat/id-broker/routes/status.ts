import { reply, route, type RouteDefinition } from "#compat/kit/index.js";
import type { BrokerSettings } from "../settings.js";

/** GET /site/status: 204 while the store answers (the only path open without a key). */
export function statusRoutes(settings: BrokerSettings): RouteDefinition<string>[] {
  return [
    route({
      method: "get",
      path: "/site/status",
      async handle(_input, graph) {
        await graph.run("brokerStatus", { realm: settings.defaultRealm });
        return reply(204);
      },
    }),
  ];
}
