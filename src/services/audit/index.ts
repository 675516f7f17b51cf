export { recordAudit, type AuditEntry } from "./record.js";
export { listAuditEvents, type AuditFilter } from "./list.js";
