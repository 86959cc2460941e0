// Human output of the command line (the index summary, status in words, listings) and the documented `index --json`
// shape. Human text goes to stdout after the work; progress (src/cli/progress.ts) and errors go to stderr.
import { INTERRUPTED_MESSAGE, NO_ARTIFACT, type IndexJobResult, type PluginReport } from '../kernel/job.js';
import { recordedReports, type SourceRow } from '../kernel/recorded.js';
import type { RegisteredPlugin, SourceWarning } from '../kernel/plugin.js';
import type { SearchPage, TimelinePage } from '../search/types.js';
import type { BackupListing } from './commands/backups.js';
import { count, stepTime } from './units.js';

/** The `index --json` document: backupId, status, plugins (id, status, rows, warnings, error?), searchDocuments, durationMs. */
export function jsonReport(result: IndexJobResult) {
  return {
    backupId: result.backupId,
    status: result.status,
    plugins: result.plugins.map((plugin) => ({
      id: plugin.id,
      status: plugin.status,
      rows: plugin.rows,
      warnings: plugin.warnings,
      ...(plugin.error !== undefined ? { error: plugin.error, errorCode: plugin.errorCode } : {}),
      ...(plugin.reason !== undefined ? { reason: plugin.reason } : {}),
    })),
    searchDocuments: result.searchDocuments,
    durationMs: result.durationMs,
  };
}

function table(rows: string[][]): string {
  return tableLines(rows.map((cells) => ({ cells, details: [] }))).join('\n');
}

/** A table row and the lines printed under it (warnings, errors), which take no part in the column widths. */
interface TableRow {
  cells: string[];
  details: string[];
}

function tableLines(rows: readonly TableRow[]): string[] {
  const widths = rows[0]!.cells.map((_, column) => Math.max(...rows.map((row) => (row.cells[column] ?? '').length)));
  return rows.flatMap((row) => [row.cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd(), ...row.details]);
}

/** A warning's text with how often it occurred. */
function warningText(warning: SourceWarning): string {
  return warning.count > 1 ? `${warning.message} (${count(warning.count)} times)` : warning.message;
}

/** Why a disabled plugin is off, as plugins.config.ts says it (reports carry it behind `disabled: `, see disabledReason). */
function disabledWhy(report: PluginReport, plugins?: readonly RegisteredPlugin[]): string {
  const registered = plugins?.find((plugin) => plugin.declaration.id === report.id);
  return registered?.reason ?? (report.reason ?? '').replace(/^disabled: /, '');
}

/** A plugin that did not run and has nothing to say: disabled, or nothing to read for it in this backup or job. */
function quietSkip(report: PluginReport): 'disabled' | 'absent' | null {
  if (report.status !== 'skipped' || report.warnings.length > 0) return null;
  if (report.skipped === 'disabled') return 'disabled';
  return report.reason === NO_ARTIFACT ? 'absent' : null;
}

/**
 * The one-line mentions of plugins that did not run: the absent ones (`not in this backup: photos, whatsapp`) and the
 * disabled ones with their reasons (`not indexed: photos, notes (not available yet)`); none when every plugin ran.
 */
export function notIndexedLines(reports: readonly PluginReport[], plugins?: readonly RegisteredPlugin[]): string[] {
  const lines: string[] = [];
  const absent = reports.filter((report) => quietSkip(report) === 'absent').map((report) => report.id);
  if (absent.length > 0) lines.push(`not in this backup: ${absent.join(', ')}`);
  const byReason = new Map<string, string[]>();
  for (const report of reports.filter((entry) => quietSkip(entry) === 'disabled')) {
    const why = disabledWhy(report, plugins);
    byReason.set(why, [...(byReason.get(why) ?? []), report.id]);
  }
  if (byReason.size > 0) lines.push(`not indexed: ${[...byReason].map(([why, ids]) => `${ids.join(', ')} (${why})`).join('; ')}`);
  return lines;
}

/** What the index summary says besides the job's result. */
export interface SummaryContext {
  /** Where the data is: the database's description (never its URL, which may hold a password). */
  database?: { description: string };
  /** The registry, for the disabled plugins' reasons as plugins.config.ts gives them. */
  plugins?: readonly RegisteredPlugin[];
}

/**
 * Summary of an indexing job: a row per plugin that ran (status, rows per table, warnings, time) with its warnings'
 * and error's text under it; plugins absent from the backup or disabled in one line each; where the data is.
 */
export function printIndexSummary(result: IndexJobResult, context: SummaryContext = {}): void {
  const rows: TableRow[] = [{ cells: ['plugin', 'status', 'rows', 'warnings', 'time'], details: [] }];
  for (const plugin of result.plugins.filter((report) => quietSkip(report) === null)) {
    const written = Object.entries(plugin.rows);
    const counts = written.filter(([, n]) => n > 0).map(([name, n]) => `${name}=${n}`).join(' ');
    const details = [
      ...plugin.warnings.map((warning) => `    warning: ${warningText(warning)}`),
      ...(plugin.error ? [`    error: ${plugin.error}`] : []),
      ...(plugin.status === 'skipped' && plugin.reason && !plugin.warnings.some((warning) => warning.message === plugin.reason) ? [`    skipped: ${plugin.reason}`] : []),
    ];
    rows.push({
      cells: [plugin.id, plugin.status, counts || (written.length > 0 ? '0' : '-'), String(plugin.warnings.length), plugin.status === 'skipped' ? '-' : stepTime(plugin.durationMs)],
      details,
    });
  }
  const lines = [`backup ${result.backupId}: ${result.status} in ${result.durationMs} ms, ${result.searchDocuments} search documents`];
  lines.push(...(rows.length > 1 ? tableLines(rows) : ['no domain had anything to read']));
  lines.push(...notIndexedLines(result.plugins, context.plugins));
  if (context.database) lines.push(`data: ${context.database.description}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** List of plugins with their state. */
export function printPlugins(plugins: readonly RegisteredPlugin[]): void {
  const rows = [['plugin', 'enabled', 'files', 'note']];
  for (const plugin of plugins) {
    rows.push([plugin.declaration.id, plugin.enabled ? 'yes' : 'no', plugin.declaration.source.fileNames.join(', '), plugin.reason ?? '']);
  }
  process.stdout.write(`${table(rows)}\n`);
}

/** Whether stdout may carry ANSI styles: a terminal that is not `dumb`, and no NO_COLOR (https://no-color.org). */
export function stylesOn(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb' && !env.NO_COLOR;
}

/**
 * Indexed text as one cell of a line: every control character (a line break, a tab, an ESC a message carries) becomes
 * one space, so offsets into the text still hold and nothing of the data can drive the terminal.
 */
function cellText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

/** At most `max` UTF-16 units of `text`, never half a surrogate pair; an ellipsis when cut. */
function clipped(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\ud800-\udbff]/.test(text[end - 1] ?? '')) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A time in the local time zone, to the minute (`2024-03-05 14:02`); `-` when undated. */
export function localShortTime(iso: string | null): string {
  if (iso === null) return '-';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '-';
  return `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())} ${pad2(date.getHours())}:${pad2(date.getMinutes())}`;
}

/** Reverse video and bold around each highlighted range of a text (ranges in UTF-16 units, in order). */
export function highlighted(text: string, ranges: ReadonlyArray<readonly [number, number]>): string {
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    const from = Math.max(at, Math.min(start, text.length));
    const to = Math.min(end, text.length);
    if (to <= from) continue;
    out += `${text.slice(at, from)}\u001b[1;7m${text.slice(from, to)}\u001b[22;27m`;
    at = to;
  }
  return out + text.slice(at);
}

/** Columns of a results table: every cell but the last padded to its column's width (widths of the plain text). */
function resultLines(header: readonly string[], rows: ReadonlyArray<{ cells: string[]; last: string }>): string[] {
  const all = [{ cells: header.slice(0, -1), last: header.at(-1)! }, ...rows];
  const widths = all[0]!.cells.map((_, column) => Math.max(...all.map((row) => row.cells[column]!.length)));
  return all.map((row) => [...row.cells.map((cell, column) => cell.padEnd(widths[column]!)), row.last].join('  ').trimEnd());
}

const TITLE_WIDTH = 40;
const SNIPPET_WIDTH = 240;

/**
 * Search hits as a table (type, local time, title, snippet), one line each; on a terminal the matched words of the
 * snippet in reverse video (`styled`), piped plain text. "no match" when there is none.
 */
export function searchLines(page: SearchPage, { styled }: { styled: boolean }): string[] {
  if (page.hits.length === 0) return ['no match'];
  const rows = page.hits.map((hit) => {
    const snippet = clipped(cellText(hit.snippet), SNIPPET_WIDTH);
    const ranges = hit.highlights.filter(([start, end]) => start < end && end <= snippet.length);
    return {
      cells: [hit.type, localShortTime(hit.occurredAt), clipped(cellText(hit.title ?? ''), TITLE_WIDTH)],
      last: styled ? highlighted(snippet, ranges) : snippet,
    };
  });
  return resultLines(['type', 'time', 'title', 'snippet'], rows);
}

/** The timeline as a table (local time, type, title, summary), one line per entry; "no dated entry" when empty. */
export function timelineLines(page: TimelinePage): string[] {
  if (page.entries.length === 0) return ['no dated entry'];
  const rows = page.entries.map((entry) => ({
    cells: [localShortTime(entry.occurredAt), entry.type, clipped(cellText(entry.title ?? ''), TITLE_WIDTH)],
    last: cellText(entry.summary),
  }));
  return resultLines(['time', 'type', 'title', 'summary'], rows);
}

/** A word as a POSIX shell reads it back unchanged. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_.,:/@%+=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The results on stdout, and when there is a next page the command that shows it on stderr (`more: ios-backup ...
 * --cursor C`): `| head` or `> file` keep only the results, a person at a terminal sees both.
 */
function printPage(lines: readonly string[], nextCursor: string | null, command: readonly string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
  if (nextCursor !== null) process.stderr.write(`more: ${['ios-backup', ...command, '--cursor', nextCursor].map(shellWord).join(' ')}\n`);
}

/** A page of search hits (see searchLines); `command` (the arguments that asked for it, less --cursor) makes the `more:` line. */
export function printSearch(page: SearchPage, command: readonly string[] = []): void {
  printPage(searchLines(page, { styled: stylesOn() }), page.nextCursor, command);
}

/** A timeline page (see timelineLines), and the `more:` line as printSearch. */
export function printTimeline(page: TimelinePage, command: readonly string[]): void {
  printPage(timelineLines(page), page.nextCursor, command);
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** A table's rows in words: `105 messages`, `1 chat` (a table the plugin names no noun for: `3 rows of photo_album`). */
function rowsInWords(n: number, table: string, plugin: RegisteredPlugin | undefined): string {
  const noun = plugin?.declaration.nouns?.[table];
  if (!noun) return `${count(n)} ${n === 1 ? 'row' : 'rows'} of ${table}`;
  return `${count(n)} ${n === 1 ? noun[0] : noun[1]}`;
}

/**
 * What one plugin's last run did, in words a person reads without knowing the tables: what was read (its main rows
 * first) and how long it took, or why it could not be read; then its warnings with their text. The first line is the
 * sentence; with several warnings, each follows on a line of its own.
 */
export function pluginSentence(report: PluginReport, plugin: RegisteredPlugin | undefined): string[] {
  const title = plugin?.declaration.title ?? report.id;
  let said: string;
  if (report.status === 'failed') {
    said = `${title}: could not be read, so nothing of it is in the index (the other domains are): ${report.error ?? 'no reason recorded'}`;
  } else if (report.status === 'skipped') {
    said = `${title}: not read (${report.reason ?? 'skipped'})`;
  } else {
    const main = plugin?.declaration.progress?.tables ?? [];
    const tables = [...main.filter((table) => table in report.rows), ...Object.keys(report.rows).filter((table) => !main.includes(table))];
    const read = tables.filter((table) => (report.rows[table] ?? 0) > 0).map((table) => rowsInWords(report.rows[table]!, table, plugin));
    const empty = plugin?.declaration.nouns?.[tables[0] ?? '']?.[1] ?? 'rows';
    said = read.length > 0 ? `${title}: ${listed(read)} read in ${stepTime(report.durationMs)}` : `${title}: read in ${stepTime(report.durationMs)}, but it holds no ${empty}`;
  }
  const { warnings } = report;
  if (warnings.length === 0) return [`${said}; no warnings`];
  if (warnings.length === 1) return [`${said}; 1 warning: ${warningText(warnings[0]!)}`];
  return [`${said}; ${warnings.length} warnings:`, ...warnings.map((warning) => `  - ${warningText(warning)}`)];
}

/**
 * Backup status in words: its state (and why it failed or stopped), device facts, then what the last completed index
 * holds per plugin (see pluginSentence), the plugins not in the backup or turned off in one line each, and the
 * search documents. `interrupted`: its last job stopped without finishing (recorded INTERRUPTED, or still INDEXING with
 * no job holding its lock).
 */
export function printStatus(backup: Record<string, any>, sources: readonly SourceRow[], interrupted: boolean, plugins: readonly RegisteredPlugin[] = []): void {
  const lines = [`backup ${backup.id}: ${backup.status}${backup.error_code ? ` [${backup.error_code}]` : ''}`];
  if (interrupted) lines.push(`interrupted: ${INTERRUPTED_MESSAGE}`);
  else if (backup.error) lines.push(`error: ${backup.error}`);
  if (backup.indexed_at) lines.push(`indexed at ${new Date(backup.indexed_at).toISOString()}`);
  lines.push(...deviceLines(deviceOf(backup)));
  for (const warning of (backup.warnings ?? []) as SourceWarning[]) lines.push(`warning: ${warning.message} [${warning.code}]`);
  if (sources.length === 0) {
    lines.push(backup.status === 'INDEXING' ? 'nothing is indexed yet: the first index of this backup is running' : 'nothing is indexed for this backup yet');
  } else {
    const reports = recordedReports(plugins, sources);
    lines.push(backup.status === 'INDEXED' ? 'what the index holds:' : 'what the last completed index holds:');
    for (const report of reports.filter((entry) => quietSkip(entry) === null)) {
      lines.push(...pluginSentence(report, plugins.find((plugin) => plugin.declaration.id === report.id)).map((line) => `  ${line}`));
    }
    lines.push(...notIndexedLines(reports, plugins).map((line) => `  ${line}`));
    if (backup.search_documents !== null && backup.search_documents !== undefined) {
      const documents = Number(backup.search_documents);
      lines.push(`  ${count(documents)} search ${documents === 1 ? 'document' : 'documents'}`);
    }
    lines.push(`file hashes and schema variants: ios-backup status ${backup.id} --json`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The device facts of a backup row, as `status --json` shows them. */
export function deviceOf(backup: Record<string, any>): Record<string, unknown> {
  const at = (value: unknown) => (value ? new Date(value as string).toISOString() : null);
  return {
    deviceName: backup.device_name ?? null,
    productType: backup.product_type ?? null,
    iosVersion: backup.product_version ?? null,
    buildVersion: backup.build_version ?? null,
    serialNumber: backup.serial_number ?? null,
    udid: backup.udid ?? null,
    imei: backup.imei ?? null,
    lastBackupAt: at(backup.last_backup_at),
    encrypted: backup.encrypted ?? null,
    fullBackup: backup.full_backup ?? null,
    layout: backup.layout ?? null,
    sourcePath: backup.source_path ?? null,
  };
}

/** The device facts in a few readable lines (facts not known are left out). */
function deviceLines(device: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const known = (parts: Array<[string, unknown]>) => parts.filter(([, value]) => value !== null && value !== undefined).map(([label, value]) => `${label}${value}`);
  const phone = known([['', device.deviceName], ['model ', device.productType], ['iOS ', device.iosVersion], ['build ', device.buildVersion]]);
  if (phone.length > 0) lines.push(`device: ${phone.join(', ')}`);
  const ids = known([['serial ', device.serialNumber], ['UDID ', device.udid], ['IMEI ', device.imei]]);
  if (ids.length > 0) lines.push(`identifiers: ${ids.join(', ')}`);
  const kind = known([
    ['', device.encrypted === null ? null : device.encrypted ? 'encrypted' : 'not encrypted'],
    ['', device.fullBackup === null ? null : device.fullBackup ? 'full' : 'incremental'],
    ['made ', device.lastBackupAt],
    ['read as ', device.layout],
    ['from ', device.sourcePath],
  ]);
  if (kind.length > 0) lines.push(`backup: ${kind.join(', ')}`);
  return lines;
}

/** A domain's count as a listing shows it: the rows of its main table (its first progress table, else its first table). */
function mainCount(tables: Record<string, number>, plugin: RegisteredPlugin | undefined): number {
  const main = plugin?.declaration.progress?.tables[0];
  return (main !== undefined ? tables[main] : undefined) ?? Object.values(tables)[0] ?? 0;
}

/** The indexed backups, one line each, newest first; per backup, the domains that were read (or failed) and their main count. */
export function printBackups(backups: readonly BackupListing[], plugins: readonly RegisteredPlugin[] = []): void {
  if (backups.length === 0) {
    process.stdout.write('no backup is indexed yet: `ios-backup index <backup-folder>` indexes one\n');
    return;
  }
  const rows = [['backup', 'device', 'iOS', 'status', 'indexed', 'rows']];
  for (const backup of backups) {
    // Only the domains that were read or failed: a domain the backup does not have is no row count.
    const counts = Object.entries(backup.rows)
      .filter(([plugin]) => backup.outcomes[plugin] !== 'skipped')
      .map(([plugin, tables]) => (backup.outcomes[plugin] === 'failed' ? `${plugin} failed` : `${plugin} ${mainCount(tables, plugins.find((entry) => entry.declaration.id === plugin))}`))
      .join(', ');
    rows.push([
      backup.backupId,
      backup.deviceName ?? '-',
      backup.iosVersion ?? '-',
      backup.errorCode ? `${backup.status} (${backup.errorCode})` : backup.status,
      backup.indexedAt ? backup.indexedAt.replace('T', ' ').slice(0, 16) : 'never',
      counts || '-',
    ]);
  }
  process.stdout.write(`${table(rows)}\n`);
}
