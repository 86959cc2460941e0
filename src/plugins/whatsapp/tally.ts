// Counts of the oddities met while parsing (orphans, encoded push names, unreadable metadata), reported once
// at the end as aggregated warnings.
import type { WhatsAppContext } from './parse.js';
import type { PushNameReading } from './protobuf.js';

/** Counters turned into warnings at the end. */
export interface Tally {
  orphanMessages: number;
  orphanMembers: number;
  orphanAttachments: number;
  encodedPushNames: number;
  unreadablePushNames: number;
  unreadableMetadata: number;
}

/** A tally with every count at zero. */
export function newTally(): Tally {
  return {
    orphanMessages: 0,
    orphanMembers: 0,
    orphanAttachments: 0,
    encodedPushNames: 0,
    unreadablePushNames: 0,
    unreadableMetadata: 0,
  };
}

/** The name of a push-name reading, counting the rejected ones. */
export function countPushName(reading: PushNameReading, tally: Tally): string | null {
  if (reading.rejected === 'encoded') tally.encodedPushNames += 1;
  else if (reading.rejected === 'unreadable') tally.unreadablePushNames += 1;
  return reading.name;
}

/** Turns the tally into warnings (one per kind of oddity, with its count). */
export function reportTally(ctx: WhatsAppContext, tally: Tally): void {
  if (tally.orphanMessages > 0) {
    ctx.warn('WHATSAPP_ORPHAN_MESSAGES', 'messages whose ZCHATSESSION matches no chat were kept with no chat', tally.orphanMessages);
  }
  if (tally.orphanMembers > 0) {
    ctx.warn('WHATSAPP_ORPHAN_MEMBERS', 'group members whose ZCHATSESSION matches no chat were kept with no chat', tally.orphanMembers);
  }
  if (tally.orphanAttachments > 0) {
    ctx.warn('WHATSAPP_ORPHAN_ATTACHMENTS', 'media items that belong to no message were kept with no message', tally.orphanAttachments);
  }
  if (tally.encodedPushNames > 0) {
    ctx.warn(
      'WHATSAPP_PUSHNAME_ENCODED',
      'push names stored as base64 protobuf (2025+ builds) are not decoded: those push names are NULL',
      tally.encodedPushNames,
    );
  }
  if (tally.unreadablePushNames > 0) {
    ctx.warn('WHATSAPP_PUSHNAME_UNREADABLE', 'push names with control characters were stored as NULL', tally.unreadablePushNames);
  }
  if (tally.unreadableMetadata > 0) {
    ctx.warn(
      'WHATSAPP_METADATA_UNREADABLE',
      'ZWAMEDIAITEM.ZMETADATA blobs that are not protobuf: their quoted stanza id is NULL',
      tally.unreadableMetadata,
    );
  }
}
