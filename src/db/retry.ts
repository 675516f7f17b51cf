import type { Db } from "./database.js";
import { pgErrorOf } from "./sqlstate.js";

/** deadlock_detected and serialization_failure: PostgreSQL rolled the whole transaction back, so running it again is safe. */
const RETRYABLE = new Set(["40P01", "40001"]);

export interface RetryPolicy {
  /** Runs in all, the first included. */
  attempts: number;
  /** The n-th retry waits a random time below baseDelayMs × 2^n. */
  baseDelayMs: number;
}

const defaultRetryPolicy: RetryPolicy = { attempts: 5, baseDelayMs: 10 };

export interface RetryEvent {
  /** The run that failed (1 = the first). */
  attempt: number;
  sqlState: string;
  /** The delay before the next run. */
  delayMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Makes db.transaction retry a deadlock or serialization failure a bounded number of times.
 * Only the handle's own method is wrapped: a transaction opened on a transaction (a savepoint)
 * is not retried by itself, since PostgreSQL aborts the outermost one and only it can run again.
 */
export function retryTransactions(db: Db, onRetry: (event: RetryEvent) => void = () => {}, policy: RetryPolicy = defaultRetryPolicy): Db {
  const run = db.transaction.bind(db);
  const transaction: Db["transaction"] = async (fn, config) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run(fn, config);
      } catch (error) {
        const sqlState = pgErrorOf(error)?.code;
        if (sqlState === undefined || !RETRYABLE.has(sqlState) || attempt >= policy.attempts) throw error;
        const delayMs = Math.random() * policy.baseDelayMs * 2 ** attempt;
        onRetry({ attempt, sqlState, delayMs });
        await sleep(delayMs);
      }
    }
  };
  return Object.defineProperty(db, "transaction", { value: transaction });
}
