// What `index` shows while a job runs: on a terminal, a status line and one bar per source read (rows done of the
// rows expected, rate, ETA; a count without ETA when the total is unknown); elsewhere the job's plain lines; with --json nothing.
import cliProgress from 'cli-progress';
import type { GenericFormatter, Options, Params, SingleBar } from 'cli-progress';
import type { JobEvent } from '../kernel/job.js';
import { count, shortDuration, stepTime } from './units.js';

/** The watchers a job runner takes (see JobRunnerDeps), and the end of the display. */
export interface JobProgress {
  progress?: (line: string) => void;
  onEvent?: (event: JobEvent) => void;
  /** Ends the display, leaving the bars' last state on screen (the status line saying `outcome`); before the summary. Idempotent. */
  stop(outcome?: string): void;
}

/** Whether progress may be drawn on `stream`: a terminal that can move its cursor. */
export function isTerminal(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/**
 * The progress display of one job: bars on a terminal, the job's plain lines (indented) on anything else, and
 * nothing with `json` (stdout carries the one JSON document; stderr stays free of progress).
 */
export function jobProgress({ json, stream = process.stderr, env = process.env }: { json: boolean; stream?: NodeJS.WriteStream; env?: NodeJS.ProcessEnv }): JobProgress {
  if (json) return { stop: () => undefined };
  if (!isTerminal(stream, env)) return { progress: (line) => stream.write(`  ${line}\n`), stop: () => undefined };
  const bars = new ProgressBars(stream);
  return { onEvent: (event) => bars.onEvent(event), stop: (outcome) => bars.stop(outcome) };
}

/** What a bar shows: the job's status line, or one source. */
type BarState =
  | { kind: 'status'; text: string; since: number | null }
  | {
      kind: 'source';
      label: string;
      expected: number | null;
      started: number;
      outcome: null | { status: 'completed' | 'failed' | 'skipped'; durationMs: number; error?: string };
    };

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const LABEL_WIDTH = 14;
const BAR_WIDTH = 30;
/** Least time between two redraws forced by rows written (the bars' own timer redraws while the job waits). */
const REDRAW_MS = 100;

/** One line of the display, never wider than the terminal (a wrapped line would break the redraw). */
const formatLine: GenericFormatter = (options: Options, params: Params, payload: BarState): string => {
  const width = Math.max(20, (params as Params & { maxWidth?: number }).maxWidth ?? 80) - 1;
  const line = payload.kind === 'status' ? statusLine(payload) : sourceLine(options, params, payload);
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
};

function statusLine(state: Extract<BarState, { kind: 'status' }>): string {
  return state.since === null ? state.text : `${state.text} (${shortDuration((Date.now() - state.since) / 1000)} so far)`;
}

function sourceLine(options: Options, params: Params, state: Extract<BarState, { kind: 'source' }>): string {
  const label = `  ${state.label.padEnd(LABEL_WIDTH)}`;
  const done = params.value;
  const { outcome, expected } = state;
  if (outcome?.status === 'failed') return `${label} failed after ${stepTime(outcome.durationMs)}: ${outcome.error ?? ''}`;
  if (outcome) {
    const full = cliProgress.Format.BarFormat(1, options);
    return `${label} ${full} ${count(done)} rows, done in ${stepTime(outcome.durationMs)}`;
  }
  const elapsed = (Date.now() - state.started) / 1000;
  const rate = elapsed >= 0.5 ? ` | ${count(Math.round(done / elapsed))} rows/s` : '';
  // A total the rows have passed was wrong: from then on a count, never a bar or an ETA that lies.
  if (expected === null || done > expected) {
    const spinner = SPINNER[Math.floor(Date.now() / 100) % SPINNER.length];
    return `${label} ${spinner} ${count(done)} rows${rate} | total unknown`;
  }
  const progress = expected === 0 ? 1 : done / expected;
  const bar = cliProgress.Format.BarFormat(progress, options);
  const percent = `${Math.floor(progress * 100)}%`.padStart(4);
  const eta = typeof params.eta === 'number' && done > 0 ? shortDuration(params.eta) : '--';
  return `${label} ${bar} ${percent} | ${count(done)}/${count(expected)} rows${rate} | ETA ${eta}`;
}

/** The bars of one job on a terminal (cli-progress's MultiBar), fed by the job's events. */
class ProgressBars {
  private readonly multibar: cliProgress.MultiBar;
  private status: SingleBar | null = null;
  private readonly sources = new Map<string, SingleBar>();
  private lastDraw = 0;
  private stopped = false;

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.multibar = new cliProgress.MultiBar({
      stream,
      format: formatLine,
      barsize: BAR_WIDTH,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      fps: 10,
      // The terminal is left as it was found even when a signal ends the process mid-bar: no hidden cursor, no
      // line-wrap switch (lines are cut to the width instead), no signal handlers of the library's own.
      hideCursor: false,
      linewrap: true,
      gracefulExit: false,
      clearOnComplete: false,
      stopOnComplete: false,
      etaBuffer: 20,
    });
  }

  onEvent(event: JobEvent): void {
    if (this.stopped) return;
    switch (event.type) {
      case 'opened':
        this.say(`${event.root}: ${event.encrypted ? 'encrypted, decrypted with its password' : 'not encrypted'}, read as ${event.layout}`);
        return;
      case 'waiting':
        this.setStatus(`backup ${event.backupId}: waiting, another job is indexing this backup; this one starts when it ends`, Date.now());
        return;
      case 'indexing':
        this.setStatus(`backup ${event.backupId}: indexing`, null);
        return;
      case 'source-started': {
        const label = event.sources > 1 ? `${event.title} (${event.source.split('/')[0]})` : event.title;
        const state: BarState = { kind: 'source', label, expected: event.expectedRows, started: Date.now(), outcome: null };
        this.sources.set(`${event.plugin}\u0000${event.source}`, this.multibar.create(event.expectedRows ?? 0, 0, state));
        this.draw(true);
        return;
      }
      case 'source-rows':
        this.sources.get(`${event.plugin}\u0000${event.source}`)?.update(event.rows);
        this.draw(false);
        return;
      case 'source-finished': {
        const bar = this.sources.get(`${event.plugin}\u0000${event.source}`);
        if (!bar) return;
        bar.update(event.rows, { outcome: { status: event.status, durationMs: event.durationMs, error: event.error } });
        bar.stop();
        this.draw(true);
        return;
      }
      case 'finishing':
        this.setStatus(`backup ${event.backupId}: recording the index`, null);
        return;
      default:
        return;
    }
  }

  stop(outcome?: string): void {
    if (this.stopped) return;
    if (outcome !== undefined && this.status) this.status.update({ text: outcome, since: null });
    this.stopped = true;
    if (this.status || this.sources.size > 0) this.multibar.stop();
  }

  /** A line above the bars (before any bar: a plain line). */
  private say(line: string): void {
    if (this.status || this.sources.size > 0) {
      this.multibar.log(`  ${line}\n`);
      this.draw(true);
    } else {
      this.stream.write(`  ${line}\n`);
    }
  }

  private setStatus(text: string, since: number | null): void {
    const state: BarState = { kind: 'status', text, since };
    if (this.status) this.status.update(state);
    else this.status = this.multibar.create(0, 0, state);
    this.draw(true);
  }

  /** Redraws now when forced or when the last redraw is old: a parse that never yields would starve the timer. */
  private draw(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.multibar.update();
  }
}
