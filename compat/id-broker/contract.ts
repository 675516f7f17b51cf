import { defineContract, MalformedCode, type ErrorTable } from "#compat/kit/index.js";
import type { Config } from "#src/config/index.js";
import { AuthenticationErrorCode } from "#src/services/authentication/error-codes.js";
import { ErrorCode } from "#src/services/errors/index.js";
import { PasswordErrorCode } from "#src/services/passwords/error-codes.js";
import { RateLimitErrorCode } from "#src/services/rate-limits/index.js";
import { brokerPrincipal } from "./auth.js";
import { authenticationDocuments } from "./documents/authentication.js";
import { passwordDocuments } from "./documents/passwords.js";
import { statusDocuments } from "./documents/status.js";
import { userDocuments } from "./documents/users.js";
import { methodDocuments } from "./documents/methods.js";
import { mfaDocuments } from "./documents/mfa.js";
import { mfaErrors } from "./mfa-errors.js";
import { brokerError, internalError, notFound, unauthorized } from "./replies.js";
import { brokerRoutes } from "./routes/index.js";
import { brokerSettings } from "./settings.js";

/** Every GraphQL operation the broker's routes run, by name. */
const documents = {
  ...statusDocuments,
  ...userDocuments,
  ...passwordDocuments,
  ...authenticationDocuments,
  ...mfaDocuments,
  ...methodDocuments,
};

/** The one table from domain codes to the broker's statuses, messages and deployed numeric codes. */
export const errors: ErrorTable = {
  // Policy failures of a password are the deployed model-validation 422; other bad input is a 400.
  [ErrorCode.BAD_USER_INPUT]: (failure) => brokerError(failure.field === "password" ? 422 : 400, failure.message),
  [ErrorCode.UNAUTHENTICATED]: unauthorized,
  [ErrorCode.FORBIDDEN]: (failure) => brokerError(403, failure.message),
  [ErrorCode.USER_NOT_FOUND]: brokerError(404, "User not found"),
  [ErrorCode.USERNAME_TAKEN]: brokerError(422, "Username has already been taken."),
  [ErrorCode.EMAIL_TAKEN]: brokerError(422, "Email has already been taken."),
  [ErrorCode.EMPLOYEE_ID_TAKEN]: brokerError(422, "Employee ID has already been taken."),
  [PasswordErrorCode.PASSWORD_REUSED]: brokerError(409, "May not be reused yet", 1542395933),
  // POST /authentication has no 429 (id-broker.raml): a login while the user or address waits is its one failure answer.
  [RateLimitErrorCode.TOO_MANY_FAILURES]: brokerError(400),
  [AuthenticationErrorCode.AUTHENTICATION_RP_ORIGIN_NOT_ALLOWED]: (failure) => brokerError(403, failure.message, 1639169238),
  ...mfaErrors,
  // NUL, lone surrogates or bytes that are not UTF-8: a 400 naming the field; in a path segment,
  // the route pattern (`\w+`, `\d+`) would not have matched, so the undefined route's 404.
  [MalformedCode.MALFORMED_INPUT]: (failure) => brokerError(400, failure.message),
  [MalformedCode.MALFORMED_PATH]: notFound,
  [ErrorCode.SERVICE_UNAVAILABLE]: internalError,
  [ErrorCode.INTERNAL]: internalError,
};

/** The ID Broker (id-broker.raml) on the public listener, at the root paths the deployed broker used. */
export const idBroker = (config: Config) =>
  defineContract<string>({
    name: "id-broker",
    listener: "public",
    basePath: "",
    paths: ["/authentication", "/user", "/mfa", "/method", "/site"],
    documents,
    invalidRequest: (message, status) => brokerError(status, message),
    errors,
    principal: brokerPrincipal(config),
    notFound,
    routes: brokerRoutes(brokerSettings(config)),
  });
