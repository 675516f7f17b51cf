/** A body that does not decompress as its Content-Encoding says: zlib's codes (Z_DATA_ERROR…) and brotli's (ERR__ERROR_FORMAT_…). */
const isDecompressionError = (e: { code?: unknown; status?: number }) => e.status === 400 && typeof e.code === "string" && /^(Z_|ERR__)/.test(e.code);

/** What went wrong with a request body before any route saw it. */
export function bodyProblem(error: unknown): { status: number; message: string } | undefined {
  const e = error as { type?: string; status?: number; message?: string; code?: unknown };
  if (e && isDecompressionError(e)) return { status: 400, message: "request body does not match its Content-Encoding" };
  switch (e?.type) {
    case "entity.parse.failed":
      return { status: 400, message: "request body is not valid JSON" };
    case "entity.too.large":
      return { status: 413, message: "request body is too large" };
    case "parameters.too.many":
      return { status: 413, message: "request body has too many parameters" };
    case "encoding.unsupported":
    case "charset.unsupported":
      return { status: 415, message: "unsupported request body encoding" };
    default:
      return undefined;
  }
}

