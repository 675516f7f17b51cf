/** A required permission with `*` wildcards (fnmatch style, case-sensitive) as a regular expression. */
function patternOf(wanted: string): RegExp {
  return new RegExp(`^${wanted.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

/** Every wanted permission (a pattern may use `*`) is matched by one the session's role holds. */
export function holdsAll(held: readonly string[], wanted: readonly string[]): boolean {
  return wanted.every((w) => (w.includes("*") ? held.some((h) => patternOf(w).test(h)) : held.includes(w)));
}
