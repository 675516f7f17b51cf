export { rowCache, type RowCache, type RowCacheOptions } from "./row-cache.js";
export { cachedRows, type CachedRows } from "./cached-rows.js";
