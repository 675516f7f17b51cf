/**
 * The deployed broker's e-mail mask (Utils::maskEmail): in the local part the first and last
 * characters, every `_` and the character after it stay; each domain label keeps its first
 * character; dots stay. `john_smith@example.com` → `j***_s***h@e******.c**`.
 */
export function maskEmail(address: string): string | undefined {
  const at = address.lastIndexOf("@");
  if (at <= 0 || at === address.length - 1) return undefined;
  const local = [...address.slice(0, at)];
  const kept = local.map((char, i) => i === 0 || i === local.length - 1 || char === "_" || local[i - 1] === "_");
  const maskedLocal = local.map((char, i) => (kept[i] ? char : "*")).join("");
  const maskedDomain = address
    .slice(at + 1)
    .split(".")
    .map((label) => (label.length === 0 ? label : label[0] + "*".repeat([...label].length - 1)))
    .join(".");
  return `${maskedLocal}@${maskedDomain}`;
}
