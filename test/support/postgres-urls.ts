/** The PostgreSQL the suite runs against; each test file gets a database of its own on it. */
export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
}

export const TEMPLATE_DATABASE = `idtest_template_${process.env.TEST_RUN_ID ?? "run"}`;

export function urlFor(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}
