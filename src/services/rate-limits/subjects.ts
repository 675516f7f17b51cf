import { isIP } from "node:net";

/** What failures are counted against: an account (a user, a confidential client) or a client address. */
export interface Subject {
  type: "user" | "client" | "address";
  /** The user's or the client row's id, or the address. */
  id: string;
}

export const userSubject = (userId: string | undefined | null): Subject | undefined => (userId ? { type: "user", id: userId } : undefined);

export const clientSubject = (clientRowId: string): Subject => ({ type: "client", id: clientRowId });

/** Expands an IPv6 address to its eight groups. */
function groupsOf(ip: string): string[] {
  const [head, tail] = ip.split("::") as [string, string | undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  return [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
}

/**
 * The caller's address as a counter key. An IPv4-mapped IPv6 address counts as its IPv4 form;
 * other IPv6 addresses by their /64, which one host can fill at will.
 */
export function addressSubject(ip: string | undefined | null): Subject | undefined {
  if (!ip) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return { type: "address", id: mapped[1]! };
  if (isIP(ip) !== 6 || ip.includes(".")) return { type: "address", id: ip };
  const prefix = groupsOf(ip.toLowerCase().split("%")[0]!).slice(0, 4).map((g) => g.replace(/^0+(?=.)/, ""));
  return { type: "address", id: `${prefix.join(":")}::/64` };
}

export const isAccount = (subject: Subject) => subject.type !== "address";
export const counterKey = (subject: Subject) => `${subject.type}:${subject.id}`;
