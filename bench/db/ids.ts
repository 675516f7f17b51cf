/**
 * Ids of seeded rows, made from the row's index so that every table's COPY stream can compute
 * them on its own (no shared arrays), yet as random-looking as the server's: users get UUIDv4s,
 * internal rows UUIDv7s. fmix32 (MurmurHash3's finaliser) is a bijection on 32-bit integers, so
 * the part made from the index alone keeps every id distinct.
 */

function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const hex = (value: number, digits: number) => (value >>> 0).toString(16).padStart(digits, "0").slice(-digits);

/** A version-4 UUID for seeded user i. */
export function seededUserId(i: number): string {
  const w0 = fmix32(i);
  const w1 = fmix32(i ^ 0x9e3779b9);
  const w2 = fmix32(i + 0x7f4a7c15);
  const w3 = fmix32(i ^ 0x2545f491);
  return `${hex(w0, 8)}-${hex(w1 >>> 16, 4)}-4${hex(w1, 3)}-${hex(((w2 >>> 16) & 0x3fff) | 0x8000, 4)}-${hex(w2, 4)}${hex(w3, 8)}`;
}

/**
 * A version-7 UUID at `ms`, distinct for each (kind, seq, n): kind tells the tables apart,
 * seq the rows of one user, n is the user's index.
 */
export function seededV7(ms: number, kind: number, seq: number, n: number): string {
  const time = ms.toString(16).padStart(12, "0");
  const randA = ((kind & 0xf) << 8) | (seq & 0xff);
  const mixed = fmix32(n);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex(randA, 3)}-${hex(0x8000 | (fmix32(n ^ 0x51ed270b) & 0x3fff), 4)}-${hex(fmix32(n + seq), 4)}${hex(mixed, 8)}`;
}

/** A recovery method's public uid: 32 characters of [0-9a-f], distinct per user. */
export function seededUid(i: number): string {
  return `${hex(fmix32(i), 8)}${hex(i, 8)}${hex(fmix32(i ^ 0x5bd1e995), 8)}${hex(fmix32(i + 7), 8)}`;
}
