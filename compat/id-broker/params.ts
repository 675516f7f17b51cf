/** The deployed route pattern of `{employee_id}` is `\w+` (PHP, no Unicode): anything else matches no route. */
const EMPLOYEE_ID_ROUTE = /^[A-Za-z0-9_]+$/;

export function isEmployeeId(value: unknown): value is string {
  return typeof value === "string" && EMPLOYEE_ID_ROUTE.test(value);
}
