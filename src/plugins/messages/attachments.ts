// Where a Messages attachment lives in a backup: MediaDomain plus attachment.filename without its home prefix
// (`~/`, `/var/mobile/`, `/private/var/mobile/`, or a macOS `/Users/<name>/`).
import type { BackupLocation } from '../../kernel/plugin.js';

/** Backup domain of SMS/iMessage attachments. */
export const ATTACHMENT_DOMAIN = 'MediaDomain';

const HOME_PREFIX = /^(?:~|\/private\/var\/mobile|\/var\/mobile|\/Users\/[^/]+)\/+(.+)$/;

/** The backup location an `attachment.filename` maps to; null for an empty or unmappable absolute path. */
export function attachmentLocation(filename: string | null | undefined): BackupLocation | null {
  if (filename === null || filename === undefined) return null;
  const trimmed = filename.trim();
  if (trimmed === '') return null;
  const home = HOME_PREFIX.exec(trimmed);
  if (home) return { domain: ATTACHMENT_DOMAIN, relativePath: home[1]! };
  if (trimmed.startsWith('/')) return null;
  return { domain: ATTACHMENT_DOMAIN, relativePath: trimmed };
}
