// Apple timestamp conversion shared by every plugin: Cocoa seconds and nanoseconds, Unix seconds.
// Values outside the plausible window become null and are reported once per column through a warning sink.

/** Seconds between 1970-01-01 and 2001-01-01 (the Cocoa / Core Data epoch). */
export const COCOA_EPOCH_OFFSET_SECONDS = 978_307_200;

/** Earliest instant accepted as a real timestamp (1990-01-01T00:00:00Z). */
export const MIN_PLAUSIBLE_MS = Date.UTC(1990, 0, 1);
/** Latest instant accepted as a real timestamp (2100-01-01T00:00:00Z). */
export const MAX_PLAUSIBLE_MS = Date.UTC(2100, 0, 1);

/** The instants accepted as real dates of a column, and how a warning names them. */
export interface TimeWindow {
  earliestMs: number;
  latestMs: number;
  /** e.g. `1990..2100`. */
  label: string;
  /** A raw 0 is the epoch itself (2001-01-01 for Cocoa clocks), not "no date". */
  zeroIsDate?: boolean;
}

/** Dates a device records by itself (messages sent, photos taken, rows modified): 1990..2100. */
export const DEVICE_TIME_WINDOW: TimeWindow = { earliestMs: MIN_PLAUSIBLE_MS, latestMs: MAX_PLAUSIBLE_MS, label: '1990..2100' };

/**
 * Dates a person enters (a birthday, the first of a yearly series): 1600..2100, the range of the year-less birthdays
 * Apple stores in 1604.
 */
export const ENTERED_TIME_WINDOW: TimeWindow = { earliestMs: Date.UTC(1600, 0, 1), latestMs: MAX_PLAUSIBLE_MS, label: '1600..2100' };

/** Which clock a raw value is read on. `apple-auto` decides per value between Cocoa nanoseconds and Cocoa seconds. */
export type AppleClock = 'cocoa-seconds' | 'cocoa-nanoseconds' | 'unix-seconds' | 'apple-auto';

/** Receives a note each time a value is out of range; the context aggregates them into one warning per column. */
export type OutOfRangeReporter = (column: string, raw: unknown) => void;

/** A raw SQLite value as better-sqlite3 returns it. */
export type RawTime = number | bigint | string | null | undefined;

function toNumber(raw: RawTime): number | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'bigint') return Number(raw);
  if (typeof raw === 'string') {
    if (raw.trim() === '') return null;
    const parsed = Number(raw);
    return Number.isFinite(parsed) ? parsed : Number.NaN;
  }
  return raw;
}

/** Milliseconds since 1970 for a raw value on the given clock, before any range check (NaN when unreadable). */
export function rawToEpochMs(value: number, clock: AppleClock): number {
  switch (clock) {
    case 'cocoa-seconds':
      return (value + COCOA_EPOCH_OFFSET_SECONDS) * 1000;
    case 'cocoa-nanoseconds':
      return value / 1e6 + COCOA_EPOCH_OFFSET_SECONDS * 1000;
    case 'unix-seconds':
      return value * 1000;
    case 'apple-auto':
      // Messages stored seconds up to iOS 10 and nanoseconds from iOS 11: anything past 1e11 cannot be seconds (year 5170).
      return Math.abs(value) >= 1e11 ? rawToEpochMs(value, 'cocoa-nanoseconds') : rawToEpochMs(value, 'cocoa-seconds');
  }
}

/**
 * Converts a raw Apple timestamp to a UTC Date.
 * Null and empty mean "no date" (null, no warning), and so does 0 unless the window says otherwise; values outside
 * the window (1990..2100 by default) or unreadable give null and are reported.
 */
export function appleTime(
  raw: RawTime,
  clock: AppleClock,
  column: string,
  report?: OutOfRangeReporter,
  window: TimeWindow = DEVICE_TIME_WINDOW,
): Date | null {
  const value = toNumber(raw);
  if (value === null || (value === 0 && !window.zeroIsDate)) return null;
  const ms = Number.isFinite(value) ? rawToEpochMs(value, clock) : Number.NaN;
  if (!Number.isFinite(ms) || ms < window.earliestMs || ms > window.latestMs) {
    report?.(column, raw);
    return null;
  }
  return new Date(Math.round(ms));
}

/** Cocoa seconds (Core Data dates) to a Date; see {@link appleTime}. */
export function cocoaSeconds(raw: RawTime, column: string, report?: OutOfRangeReporter): Date | null {
  return appleTime(raw, 'cocoa-seconds', column, report);
}

/** Cocoa nanoseconds to a Date; see {@link appleTime}. */
export function cocoaNanoseconds(raw: RawTime, column: string, report?: OutOfRangeReporter): Date | null {
  return appleTime(raw, 'cocoa-nanoseconds', column, report);
}

/** Unix seconds to a Date; see {@link appleTime}. */
export function unixSeconds(raw: RawTime, column: string, report?: OutOfRangeReporter): Date | null {
  return appleTime(raw, 'unix-seconds', column, report);
}
