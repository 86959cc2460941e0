// Streaming merge-join of a parent cursor with a child cursor sorted by the same key, without loading either table.
// A plugin walks parents in key order and asks the child cursor for the rows that belong to each parent.

/**
 * Wraps an iterator of rows sorted ascending by `keyOf`, and hands out the rows of one key at a time.
 * Rows whose key is below the requested one are passed to `onSkipped` (children without a parent).
 */
export class SortedChildCursor<T> {
  private readonly iterator: Iterator<T>;
  private readonly keyOf: (row: T) => number | bigint;
  private readonly onSkipped: ((row: T) => void) | undefined;
  private pending: T | undefined;
  private done = false;

  constructor(rows: Iterable<T>, keyOf: (row: T) => number | bigint, onSkipped?: (row: T) => void) {
    this.iterator = rows[Symbol.iterator]();
    this.keyOf = keyOf;
    this.onSkipped = onSkipped;
    this.advance();
  }

  /** All rows with this key; call with keys in ascending order. */
  take(key: number | bigint): T[] {
    return this.takeAtMost(key, Number.POSITIVE_INFINITY).rows;
  }

  /**
   * The first `limit` rows with this key, and how many rows had it: the rest are read and dropped, so one parent with
   * millions of children costs no more memory than the limit.
   */
  takeAtMost(key: number | bigint, limit: number): { rows: T[]; total: number } {
    const rows: T[] = [];
    let total = 0;
    while (!this.done && this.pending !== undefined) {
      const current = this.keyOf(this.pending);
      if (current < key) {
        this.onSkipped?.(this.pending);
      } else if (current === key || Number(current) === Number(key)) {
        total += 1;
        if (rows.length < limit) rows.push(this.pending);
      } else {
        break;
      }
      this.advance();
    }
    return { rows, total };
  }

  /** Passes every row not taken yet to `onSkipped` and closes the iterator. */
  finish(): void {
    while (!this.done && this.pending !== undefined) {
      this.onSkipped?.(this.pending);
      this.advance();
    }
    this.iterator.return?.();
  }

  private advance(): void {
    const next = this.iterator.next();
    if (next.done) {
      this.done = true;
      this.pending = undefined;
    } else {
      this.pending = next.value;
    }
  }
}
