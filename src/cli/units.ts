// How the command line says amounts to a person: durations (a step's time, an ETA, a wait) and counts.
// Free of imports, so the progress bars and the printed summaries share it without loading each other.

/** Whole seconds as an ETA or a wait says them: `12s`, `3m05s`, `1h02m`. */
export function shortDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Milliseconds as a step's time: `40 ms`, `1.2 s`, then as {@link shortDuration}. */
export function stepTime(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return shortDuration(ms / 1000);
}

/** A count with thousands separators: `105,000`. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}
