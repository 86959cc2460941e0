// WhatsApp vocabulary: ZMESSAGETYPE and ZSESSIONTYPE numbers with their readable kinds, the two app group
// domains and which app a backup location belongs to.
import type { WhatsAppApp } from '../../entities/WhatsApp.js';

/** ZWAMESSAGE.ZMESSAGETYPE numbers and the kind each stands for. */
export const MESSAGE_KINDS: Readonly<Record<number, string>> = {
  0: 'text',
  1: 'image',
  2: 'video',
  3: 'audio',
  4: 'contact',
  5: 'location',
  6: 'system',
  7: 'link',
  8: 'document',
  14: 'deleted',
  15: 'sticker',
  46: 'poll',
};

/** Kind of a ZMESSAGETYPE: unlisted numbers become `unknown-N`, NULL becomes `unknown`. */
export function messageKind(type: number | null | undefined): string {
  if (type === null || type === undefined || !Number.isFinite(Number(type))) return 'unknown';
  return MESSAGE_KINDS[Number(type)] ?? `unknown-${Number(type)}`;
}

/** ZWACHATSESSION.ZSESSIONTYPE numbers and the chat kind each stands for. */
export const SESSION_KINDS: Readonly<Record<number, string>> = {
  0: 'one-to-one',
  1: 'group',
  2: 'broadcast',
  3: 'status',
};

/** Kind of a chat from ZSESSIONTYPE, or from its JID when the type is missing. */
export function chatKind(sessionType: number | null | undefined, jid: string | null | undefined): string {
  if (sessionType !== null && sessionType !== undefined && Number.isFinite(Number(sessionType))) {
    return SESSION_KINDS[Number(sessionType)] ?? `unknown-${Number(sessionType)}`;
  }
  if (!jid) return 'one-to-one';
  if (jid === 'status@broadcast') return 'status';
  if (jid.endsWith('@g.us')) return 'group';
  if (jid.endsWith('@broadcast')) return 'broadcast';
  return 'one-to-one';
}

/** A group's own JID (never a message's sender). */
export function isGroupJid(jid: string | null | undefined): boolean {
  return typeof jid === 'string' && jid.endsWith('@g.us');
}

/** App group domain of each app in a backup. */
export const APP_DOMAINS: Readonly<Record<WhatsAppApp, string>> = {
  whatsapp: 'AppDomainGroup-group.net.whatsapp.WhatsApp.shared',
  'whatsapp-business': 'AppDomainGroup-group.net.whatsapp.WhatsAppSMB.shared',
};

/** Relative path of ChatStorage.sqlite inside either app group domain. */
export const CHAT_STORAGE_PATH = 'ChatStorage.sqlite';

/** Folder (inside the app group domain) that ZMEDIALOCALPATH is relative to. */
export const MEDIA_FOLDER = 'Message';

/** The app a backup domain belongs to, or null for a domain that is neither app's. */
export function appOfDomain(domain: string): WhatsAppApp | null {
  for (const [app, known] of Object.entries(APP_DOMAINS) as Array<[WhatsAppApp, string]>) {
    if (domain === known) return app;
  }
  return null;
}

/** Whether a value is one of the two app names. */
export function isWhatsAppApp(value: unknown): value is WhatsAppApp {
  return value === 'whatsapp' || value === 'whatsapp-business';
}
