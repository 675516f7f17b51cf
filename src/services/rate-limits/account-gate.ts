interface Line {
  active: number;
  waiting: (() => void)[];
}

/**
 * This instance's share of the brute-force rule: at most `capacity` checks of one account run here
 * at a time, and the others wait in line in memory. Without it, a burst for one account would make
 * every check reserve a failure in the shared store, find the account's turn taken and poll the
 * store until it frees; with it, the store sees no more checks of the account than the failure
 * factor lets through anyway, so checks from this instance seldom queue there.
 */
export class AccountGate {
  private readonly lines = new Map<string, Line>();

  constructor(private readonly capacity: number) {}

  /** Resolves to a leave function once inside, or to undefined when the deadline passes in line. */
  async enter(key: string, deadline: number): Promise<(() => void) | undefined> {
    let line = this.lines.get(key);
    if (!line) this.lines.set(key, (line = { active: 0, waiting: [] }));
    if (line.active < this.capacity) {
      line.active += 1;
      return this.leaver(key, line);
    }
    const admitted = await new Promise<boolean>((resolve) => {
      const turn = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        line.waiting.splice(line.waiting.indexOf(turn), 1);
        resolve(false);
      }, Math.max(0, deadline - Date.now()));
      line.waiting.push(turn);
    });
    // A check that leaves hands its place straight to the first in line (active stays counted).
    return admitted ? this.leaver(key, line) : undefined;
  }

  private leaver(key: string, line: Line): () => void {
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const next = line.waiting.shift();
      if (next) return next();
      line.active -= 1;
      if (line.active === 0) this.lines.delete(key);
    };
  }
}
