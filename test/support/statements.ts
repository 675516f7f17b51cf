/**
 * The webhook delivery loop of every instance claims due webhooks each second and on every session
 * event; its statements can land inside a request a test measures, so they are not counted.
 */
const BACKGROUND = /"webhooks"/;

/** An onQuery hook that records the statements requests run, leaving out the background loops'. */
export function requestStatements(record: (sql: string) => void): (sql: string) => void {
  return (sql) => {
    if (!BACKGROUND.test(sql)) record(sql);
  };
}
