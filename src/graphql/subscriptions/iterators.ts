/**
 * Only the items that pass `keep`. Not an async generator: a generator asked to return while it
 * waits for the next item only returns once that item comes, so a quiet subscription would never
 * release its listener; this one passes return() straight to the source.
 */
export function filterIterable<T>(source: AsyncIterator<T>, keep: (item: T) => boolean): AsyncIterableIterator<T> {
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      for (;;) {
        const result = await source.next();
        if (result.done || keep(result.value)) return result;
      }
    },
    return: () => source.return?.() ?? Promise.resolve({ value: undefined, done: true }),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** Ends the iteration right after the first item for which `last` holds (that item is still delivered). */
export function endAfter<T>(source: AsyncIterableIterator<T>, last: (item: T) => boolean): AsyncIterableIterator<T> {
  let ended = false;
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      if (ended) return source.return?.() ?? { value: undefined, done: true };
      const result = await source.next();
      if (!result.done && last(result.value)) ended = true;
      return result;
    },
    return: () => source.return?.() ?? Promise.resolve({ value: undefined, done: true }),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
