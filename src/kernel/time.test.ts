// Tests of Apple time conversion: each clock against literal instants, "no date" values, out-of-range and
// unreadable values reported with their column, and the seconds/nanoseconds boundary of apple-auto.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  appleTime,
  cocoaNanoseconds,
  cocoaSeconds,
  unixSeconds,
  COCOA_EPOCH_OFFSET_SECONDS,
  DEVICE_TIME_WINDOW,
  ENTERED_TIME_WINDOW,
  MAX_PLAUSIBLE_MS,
  MIN_PLAUSIBLE_MS,
  type AppleClock,
  type RawTime,
} from './time.js';

interface TimeCase {
  name: string;
  raw: RawTime;
  clock: AppleClock;
  /** Expected instant, or null. */
  expected: string | null;
  /** Whether the value must be reported as out of range. */
  reported: boolean;
}

const CASES: readonly TimeCase[] = [
  { name: 'cocoa seconds', raw: 361222130, clock: 'cocoa-seconds', expected: '2012-06-12T19:28:50.000Z', reported: false },
  { name: 'fractional cocoa seconds', raw: 361222130.5, clock: 'cocoa-seconds', expected: '2012-06-12T19:28:50.500Z', reported: false },
  { name: 'cocoa seconds as text', raw: '361222130', clock: 'cocoa-seconds', expected: '2012-06-12T19:28:50.000Z', reported: false },
  { name: 'cocoa seconds as bigint', raw: 361222130n, clock: 'cocoa-seconds', expected: '2012-06-12T19:28:50.000Z', reported: false },
  { name: 'negative cocoa seconds (before 2001)', raw: -100000000, clock: 'cocoa-seconds', expected: '1997-10-31T14:13:20.000Z', reported: false },
  { name: 'cocoa nanoseconds', raw: 700000000000000000, clock: 'cocoa-nanoseconds', expected: '2023-03-08T20:26:40.000Z', reported: false },
  { name: 'cocoa nanoseconds as bigint', raw: 700000000123456789n, clock: 'cocoa-nanoseconds', expected: '2023-03-08T20:26:40.123Z', reported: false },
  { name: 'unix seconds', raw: 1339529330, clock: 'unix-seconds', expected: '2012-06-12T19:28:50.000Z', reported: false },
  { name: 'apple-auto reads small values as seconds', raw: 361222130, clock: 'apple-auto', expected: '2012-06-12T19:28:50.000Z', reported: false },
  { name: 'apple-auto reads large values as nanoseconds', raw: 700000000000000000, clock: 'apple-auto', expected: '2023-03-08T20:26:40.000Z', reported: false },
  { name: 'apple-auto at 1e11 switches to nanoseconds', raw: 1e11, clock: 'apple-auto', expected: '2001-01-01T00:01:40.000Z', reported: false },
  { name: 'apple-auto at -1e11 switches to nanoseconds', raw: -1e11, clock: 'apple-auto', expected: '2000-12-31T23:58:20.000Z', reported: false },
  { name: 'apple-auto just below 1e11 is seconds, far out of range', raw: 99_999_999_999, clock: 'apple-auto', expected: null, reported: true },
  { name: 'lower bound 1990-01-01 is accepted', raw: -347155200, clock: 'cocoa-seconds', expected: '1990-01-01T00:00:00.000Z', reported: false },
  { name: 'one second before 1990 is out of range', raw: -347155201, clock: 'cocoa-seconds', expected: null, reported: true },
  { name: 'upper bound 2100-01-01 is accepted', raw: 3124137600, clock: 'cocoa-seconds', expected: '2100-01-01T00:00:00.000Z', reported: false },
  { name: 'one second after 2100 is out of range', raw: 3124137601, clock: 'cocoa-seconds', expected: null, reported: true },
  { name: 'huge cocoa seconds', raw: 9e15, clock: 'cocoa-seconds', expected: null, reported: true },
  { name: 'milliseconds read as unix seconds', raw: 1339529330000, clock: 'unix-seconds', expected: null, reported: true },
  { name: 'cocoa seconds read as nanoseconds land in 2001', raw: 361222130, clock: 'cocoa-nanoseconds', expected: '2001-01-01T00:00:00.361Z', reported: false },
  { name: 'unix seconds of 1970 (too early)', raw: 86400, clock: 'unix-seconds', expected: null, reported: true },
  { name: 'NaN', raw: Number.NaN, clock: 'cocoa-seconds', expected: null, reported: true },
  { name: 'Infinity', raw: Number.POSITIVE_INFINITY, clock: 'apple-auto', expected: null, reported: true },
  { name: 'unreadable text', raw: 'yesterday', clock: 'cocoa-seconds', expected: null, reported: true },
  { name: 'zero', raw: 0, clock: 'cocoa-seconds', expected: null, reported: false },
  { name: 'zero as bigint', raw: 0n, clock: 'cocoa-nanoseconds', expected: null, reported: false },
  { name: 'zero as text', raw: '0', clock: 'apple-auto', expected: null, reported: false },
  { name: 'null', raw: null, clock: 'cocoa-seconds', expected: null, reported: false },
  { name: 'undefined', raw: undefined, clock: 'unix-seconds', expected: null, reported: false },
  { name: 'empty text', raw: '', clock: 'cocoa-seconds', expected: null, reported: false },
  { name: 'blank text', raw: '   ', clock: 'cocoa-seconds', expected: null, reported: false },
];

describe('appleTime', () => {
  for (const { name, raw, clock, expected, reported } of CASES) {
    test(`${name}: ${String(raw)} on ${clock}`, () => {
      const reports: Array<[string, unknown]> = [];
      const result = appleTime(raw, clock, 'sample.date_column', (column, value) => reports.push([column, value]));
      assert.equal(result === null ? null : result.toISOString(), expected);
      if (reported) {
        assert.equal(reports.length, 1, 'reported once');
        assert.equal(reports[0]![0], 'sample.date_column', 'the report names the column');
        assert.ok(Object.is(reports[0]![1], raw), 'the report carries the raw value');
      } else {
        assert.deepEqual(reports, [], 'not reported');
      }
    });
  }

  test('works without a reporter', () => {
    assert.equal(appleTime(9e15, 'cocoa-seconds', 'x.y'), null);
    assert.equal(appleTime(361222130, 'cocoa-seconds', 'x.y')?.toISOString(), '2012-06-12T19:28:50.000Z');
  });
});

describe('clock shorthands and constants', () => {
  test('cocoaSeconds, cocoaNanoseconds, unixSeconds agree with appleTime', () => {
    const reports: string[] = [];
    const report = (column: string): void => {
      reports.push(column);
    };
    assert.equal(cocoaSeconds(361222130, 'a.b', report)?.toISOString(), '2012-06-12T19:28:50.000Z');
    assert.equal(cocoaNanoseconds(361222130000000000, 'a.b', report)?.toISOString(), '2012-06-12T19:28:50.000Z');
    assert.equal(unixSeconds(1339529330, 'a.b', report)?.toISOString(), '2012-06-12T19:28:50.000Z');
    assert.deepEqual(reports, []);
    assert.equal(cocoaSeconds(-1e10, 'm.created', report), null);
    assert.equal(cocoaNanoseconds(-1e18, 'm.date', report), null);
    assert.equal(unixSeconds(5e10, 'c.when', report), null);
    assert.deepEqual(reports, ['m.created', 'm.date', 'c.when']);
  });

  test('epoch and window constants', () => {
    assert.equal(COCOA_EPOCH_OFFSET_SECONDS, 978307200);
    assert.equal(new Date(COCOA_EPOCH_OFFSET_SECONDS * 1000).toISOString(), '2001-01-01T00:00:00.000Z');
    assert.equal(new Date(MIN_PLAUSIBLE_MS).toISOString(), '1990-01-01T00:00:00.000Z');
    assert.equal(new Date(MAX_PLAUSIBLE_MS).toISOString(), '2100-01-01T00:00:00.000Z');
  });

  test('a wider window keeps dates a person entered before 1990, and still refuses what lies outside it', () => {
    const reports: string[] = [];
    const report = (column: string) => reports.push(column);
    const birthday = -488_592_000; // 1985-07-09T00:00:00Z in Cocoa seconds
    const yearless = -12_617_769_600; // 1601-02-28T00:00:00Z
    assert.equal(appleTime(birthday, 'cocoa-seconds', 'e.start', report), null);
    assert.equal(appleTime(birthday, 'cocoa-seconds', 'e.start', report, ENTERED_TIME_WINDOW)!.toISOString(), '1985-07-09T00:00:00.000Z');
    assert.equal(appleTime(yearless, 'cocoa-seconds', 'e.start', report, ENTERED_TIME_WINDOW)!.toISOString(), '1601-02-28T00:00:00.000Z');
    assert.equal(appleTime(-12_700_000_000, 'cocoa-seconds', 'e.start', report, ENTERED_TIME_WINDOW), null);
    assert.deepEqual(reports, ['e.start', 'e.start']);
    assert.deepEqual([DEVICE_TIME_WINDOW.label, ENTERED_TIME_WINDOW.label], ['1990..2100', '1600..2100']);
  });

  test('0 is no date, unless the window makes it the epoch itself', () => {
    assert.equal(appleTime(0, 'cocoa-seconds', 'e.start', undefined, ENTERED_TIME_WINDOW), null);
    const epoch = appleTime(0, 'cocoa-seconds', 'e.start', undefined, { ...ENTERED_TIME_WINDOW, zeroIsDate: true });
    assert.equal(epoch!.toISOString(), '2001-01-01T00:00:00.000Z');
  });
});
