export { createOrgService, type OrgService } from "./org.service.js";
export { ADMIN_PERMISSION } from "./authority.js";
export { insertOrg } from "./orgs.js";
export { checkDisplayName } from "./permissions.js";
export { OrgErrorCode } from "./error-codes.js";
export { holdsAll } from "./permission-match.js";
