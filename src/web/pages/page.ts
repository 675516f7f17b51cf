/** Where the pages live (/auth/ on any host, or / on the auth host) and how they move between them. */
export interface Page {
  /** A UI path under the base, e.g. `admin/`. */
  path(rest: string): string;
  home(): void;
  reload(): void;
}

export function pageAt(base: string): Page {
  return {
    path: (rest) => `${base}${rest}`,
    home: () => location.assign(base),
    reload: () => location.reload(),
  };
}
