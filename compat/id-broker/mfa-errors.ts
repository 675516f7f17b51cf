import type { ErrorTable } from "#compat/kit/index.js";
import { MfaErrorCode as M } from "#src/services/mfa/index.js";
import { MethodErrorCode as R } from "#src/services/recovery-methods/index.js";
import { brokerError } from "./replies.js";

/** The domain's own message, with the deployed status and numeric code. */
const as = (status: number, code = 0) => (failure: { message: string }) => brokerError(status, failure.message, code);

/**
 * MFA and recovery-method codes in the broker's terms (reference §4, §5); the numeric codes are
 * the deployed ones. Spread into the contract's one error table.
 */
export const mfaErrors: Omit<ErrorTable, "INTERNAL"> = {
  [M.MFA_TYPE_INVALID]: as(400, 1506695647),
  [M.MFA_EMPLOYEE_ID_REQUIRED]: as(400, 1506695722),
  [M.MFA_USER_NOT_FOUND]: as(400, 1506695733),
  [M.MFA_RP_ORIGIN_INVALID]: as(403, 1638539433),
  [M.MFA_MANAGER_EMAIL_MISSING]: as(400),
  [M.MFA_RECOVERY_EMAIL_INVALID]: as(400, 1742328138),
  [M.MFA_TOTP_EXISTS]: as(409, 1551190694),
  [M.MFA_LABEL_INVALID]: as(400),
  [M.MFA_TOTP_UNAVAILABLE]: as(500),
  [M.MFA_VALUE_REQUIRED]: as(400, 1506697678),
  [M.MFA_VERIFY_EMPLOYEE_ID_REQUIRED]: as(400),
  [M.MFA_VERIFY_EMPLOYEE_NOT_FOUND]: as(400),
  [M.MFA_VERIFY_NOT_FOUND]: as(404, 1506697604),
  [M.MFA_VERIFY_RP_ORIGIN_INVALID]: as(403, 1638539443),
  [M.MFA_RATE_LIMITED]: as(429),
  [M.MFA_VALUE_NOT_NUMERIC]: as(400),
  // The deployed broker says nothing about a wrong value.
  [M.MFA_VALUE_INVALID]: brokerError(400),
  [M.MFA_BACKUPCODE_VERIFY_KIND]: as(400, 1670950767),
  [M.MFA_TOTP_VERIFY_KIND]: as(400, 1670950780),
  [M.MFA_MANAGER_VERIFY_KIND]: as(400, 1670950770),
  [M.MFA_WEBAUTHN_VERIFY_KIND]: as(400, 1671016320),
  [M.MFA_WEBAUTHN_NO_CREDENTIALS]: as(404, 1659637860),
  [M.MFA_WEBAUTHN_REGISTRATION_FAILED]: as(400, 1660660611),
  [M.MFA_EMPLOYEE_ID_MISSING]: as(400),
  [M.MFA_EMPLOYEE_INVALID]: as(400, 1543934333),
  [M.MFA_NOT_FOUND]: as(404, 1506697614),
  [M.MFA_MANAGE_RP_ORIGIN_INVALID]: as(403, 1638539680),
  [M.MFA_WEBAUTHN_LABEL_BLANK]: as(400, 1660233470),
  [M.MFA_WEBAUTHN_CREDENTIAL_NOT_FOUND]: as(404, 1660232933),
  [M.MFA_WEBAUTHN_DELETE_NOT_FOUND]: as(404, 1670950790),
  [M.MFA_NOT_WEBAUTHN]: as(403, 1658237110),
  [M.MFA_LIST_USER_NOT_FOUND]: as(400, 1506697453),
  [M.MFA_LIST_RP_ORIGIN_INVALID]: as(403, 1638378156),

  [R.METHOD_VALUE_REQUIRED]: as(400, 1541627665),
  [R.METHOD_EMPLOYEE_ID_REQUIRED]: as(400, 1540990164),
  [R.METHOD_USER_NOT_FOUND]: as(404, 1540990165),
  [R.METHOD_VALUE_INVALID]: as(422, 1461441851),
  [R.METHOD_EXISTS]: as(409),
  [R.METHOD_LIST_USER_NOT_FOUND]: as(400, 1540491109),
  [R.METHOD_NOT_FOUND]: as(404, 1540665086),
  [R.METHOD_VERIFY_NOT_FOUND]: as(404, 1546540650),
  // 429 and 410 carry no message in the deployed broker.
  [R.METHOD_ATTEMPTS_EXCEEDED]: brokerError(429),
  [R.METHOD_CODE_REQUIRED]: as(400),
  [R.METHOD_CODE_NOT_NUMERIC]: as(400),
  [R.METHOD_CODE_INVALID]: as(400, 1470315942),
  [R.METHOD_CODE_EXPIRED]: brokerError(410),
  [R.METHOD_ALREADY_VERIFIED]: as(400),
};
