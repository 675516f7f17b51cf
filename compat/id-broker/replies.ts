import { reply, type Reply } from "#compat/kit/index.js";

/** The HTTP reason phrases the deployed broker (Yii) puts in `name`; note the lower-case "entity". */
const reasons: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  410: "Gone",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

/** The broker's one error body: `{name, message, code, status}`. */
export function brokerError(status: number, message = "", code = 0): Reply {
  return reply(status, { name: reasons[status] ?? "Error", message, code, status });
}

export const unauthorized: Reply = {
  ...brokerError(401, "Your request was made with invalid credentials."),
  headers: { "WWW-Authenticate": 'Bearer realm="api"' },
};

export const notFound = brokerError(404);
export const internalError = brokerError(500, "An internal server error occurred.");

/** 204 and some 404s of the broker carry no body at all. */
export const empty = (status: number): Reply => reply(status);

/** The broker's validation failures: 422 with the first message, code 0. */
export const unprocessable = (message: string): Reply => brokerError(422, message);
