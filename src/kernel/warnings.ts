// Warnings counted, not repeated: the ones of a source (SourceContext) and the ones a backup's file lookups gather
// while a job runs (src/backup/) share this tally, so a repeat is one warning with a count either way.
import type { SourceWarning } from './plugin.js';

/** Warnings keyed by code and subject; a repeat adds to the count and keeps the first message. */
export class WarningTally {
  private readonly warnings = new Map<string, SourceWarning>();

  /** Records `count` occurrences; warnings of one code with the same `subject` (default: the message) are one. */
  add(code: string, message: string, count = 1, subject: string = message): void {
    const key = `${code}\u0000${subject}`;
    const existing = this.warnings.get(key);
    if (existing) existing.count += count;
    else this.warnings.set(key, { code, message, count });
  }

  /** The warnings so far, in their first order. */
  list(): SourceWarning[] {
    return [...this.warnings.values()];
  }

  /** The warnings so far, forgotten here. */
  take(): SourceWarning[] {
    const taken = this.list();
    this.warnings.clear();
    return taken;
  }
}
