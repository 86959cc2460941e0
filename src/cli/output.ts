// Human output of the command line (summary tables) and the documented `index --json` shape.
// Human text goes to stdout after the work; progress and errors go to stderr.
import { INTERRUPTED_MESSAGE, type IndexJobResult } from '../kernel/job.js';
import type { RegisteredPlugin } from '../kernel/plugin.js';
import type { SearchHit } from '../search/search.js';
import type { BackupListing } from './commands/backups.js';

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
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

/** Summary table of an indexing job. */
export function printIndexSummary(result: IndexJobResult): void {
  const rows = [['plugin', 'status', 'rows', 'warnings', 'note']];
  for (const plugin of result.plugins) {
    const count = Object.entries(plugin.rows).map(([name, n]) => `${name}=${n}`).join(' ');
    rows.push([plugin.id, plugin.status, count || '-', String(plugin.warnings.length), plugin.error ?? plugin.reason ?? '']);
  }
  process.stdout.write(
    `backup ${result.backupId}: ${result.status} in ${result.durationMs} ms, ${result.searchDocuments} search documents\n${table(rows)}\n`,
  );
}

/** List of plugins with their state. */
export function printPlugins(plugins: readonly RegisteredPlugin[]): void {
  const rows = [['plugin', 'enabled', 'files', 'note']];
  for (const plugin of plugins) {
    rows.push([plugin.declaration.id, plugin.enabled ? 'yes' : 'no', plugin.declaration.source.fileNames.join(', '), plugin.reason ?? '']);
  }
  process.stdout.write(`${table(rows)}\n`);
}

/** Search hits, one block each. */
export function printSearch(hits: readonly SearchHit[]): void {
  if (hits.length === 0) {
    process.stdout.write('no match\n');
    return;
  }
  for (const hit of hits) {
    const body = (hit.body ?? '').replace(/\s+/g, ' ').slice(0, 160);
    process.stdout.write(`${hit.occurredAt ?? '-'}  [${hit.type}] ${hit.title ?? ''}  (${hit.backupId})\n${body ? `    ${body}\n` : ''}`);
  }
}

/**
 * Backup status and its sources; `interrupted` when its last job stopped without finishing (recorded INTERRUPTED, or
 * still INDEXING with no job holding its lock).
 */
export function printStatus(backup: Record<string, any>, sources: Array<Record<string, any>>, interrupted: boolean, _plugins?: readonly RegisteredPlugin[]): void {
  process.stdout.write(`backup ${backup.id}: ${backup.status}${backup.error_code ? ` [${backup.error_code}]` : ''}\n`);
  if (interrupted) {
    process.stdout.write(`interrupted: ${INTERRUPTED_MESSAGE}\n`);
  } else if (backup.error) {
    process.stdout.write(`error: ${backup.error}\n`);
  }
  if (backup.indexed_at) process.stdout.write(`indexed at ${new Date(backup.indexed_at).toISOString()}\n`);
  for (const line of deviceLines(deviceOf(backup))) process.stdout.write(`${line}\n`);
  for (const warning of (backup.warnings ?? []) as Array<{ code: string; message: string }>) process.stdout.write(`warning: ${warning.message} [${warning.code}]\n`);
  const rows = [['plugin', 'status', 'variant', 'sha256', 'note']];
  for (const source of sources) {
    rows.push([source.plugin, source.status, source.schema_variant ?? '-', (source.sha256 ?? '-').slice(0, 16), source.error ?? '']);
  }
  process.stdout.write(`${table(rows)}\n`);
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

/** The indexed backups, one line each, newest first. */
export function printBackups(backups: readonly BackupListing[]): void {
  if (backups.length === 0) {
    process.stdout.write('no backup is indexed yet: `ios-backup index <backup-folder>` indexes one\n');
    return;
  }
  const rows = [['backup', 'device', 'iOS', 'status', 'indexed', 'rows']];
  for (const backup of backups) {
    const counts = Object.entries(backup.rows)
      .map(([plugin, tables]) => `${plugin} ${Object.values(tables)[0] ?? 0}`)
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
