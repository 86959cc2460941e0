// Wall-clock times of calendar events: what a clock in the event's own time zone showed at an instant, computed from
// the zone's name (never from the zone of the machine running the job), and the stored wall clock of floating events.

/** start_tz of a floating event: the same wall-clock time in every zone. */
export const FLOATING_ZONE = '_float';

/** Distinct zone names whose formatter is kept (a real store uses a handful). */
const MAX_CACHED_ZONES = 256;
/** Longest zone name looked up (the longest real one, `America/Argentina/ComodRivadavia`, has 32 characters). */
const MAX_ZONE_CHARS = 64;

/** `GMT+0100`, `GMT-05:30`, `UTC+2`: a fixed offset as Foundation names zones without a region. */
const OFFSET_ZONE = /^(?:GMT|UTC)([+-])(\d{1,2})(?::?(\d{2}))?$/;

/** What en-US prints for the fields asked. */
const EN_US_SHAPE = /^\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}:\d{2}$/;

/** `YYYY-MM-DDTHH:MM:SS` of a Date's UTC fields. */
function utcDigits(date: Date): string {
  return date.toISOString().slice(0, 19);
}

/** How a zone's wall clock is found: a formatter of the zone, or a fixed offset in minutes. */
type ZoneClock = Intl.DateTimeFormat | number;

function zoneClock(zone: string): ZoneClock | null {
  const offset = OFFSET_ZONE.exec(zone);
  if (offset) {
    const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? 0);
    return minutes <= 18 * 60 ? (offset[1] === '-' ? -minutes : minutes) : null;
  }
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
  } catch {
    return null;
  }
}

/** Turns instants into wall-clock times of named zones; one formatter per zone, kept for the job. */
export class WallClock {
  private readonly zones = new Map<string, ZoneClock | null>();

  /**
   * The wall-clock time (`YYYY-MM-DDTHH:MM:SS`) of `instant` in `zone`; undefined when the zone name is unknown.
   * For a floating event pass {@link FLOATING_ZONE}: its stored value is already the wall clock, read as UTC.
   */
  local(instant: Date, zone: string): string | undefined {
    if (zone === FLOATING_ZONE) return utcDigits(instant);
    const clock = this.clockOf(zone);
    if (clock === null) return undefined;
    if (typeof clock === 'number') return utcDigits(new Date(instant.getTime() + clock * 60_000));
    // en-US with two-digit fields prints `MM/DD/YYYY, HH:MM:SS` for years 1000..9999: sliced, it is 3x faster than parts.
    const shown = clock.format(instant);
    if (EN_US_SHAPE.test(shown)) return `${shown.slice(6, 10)}-${shown.slice(0, 2)}-${shown.slice(3, 5)}T${shown.slice(12, 20)}`;
    const parts = Object.fromEntries(clock.formatToParts(instant).map((part) => [part.type, part.value]));
    return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  }

  private clockOf(zone: string): ZoneClock | null {
    if (zone.length > MAX_ZONE_CHARS) return null;
    const cached = this.zones.get(zone);
    if (cached !== undefined) return cached;
    const clock = zoneClock(zone);
    if (this.zones.size < MAX_CACHED_ZONES) this.zones.set(zone, clock);
    return clock;
  }
}
