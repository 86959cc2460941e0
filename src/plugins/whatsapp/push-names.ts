// Push names as stored: a rejected reading (2025+ base64 protobuf, control characters) becomes NULL and one
// aggregated warning on the source.
import type { WhatsAppContext } from './context.js';
import type { PushNameReading } from './protobuf.js';

/** The name of a push-name reading; a rejected one is NULL and counted in a warning. */
export function pushNameOf(ctx: WhatsAppContext, reading: PushNameReading): string | null {
  if (reading.rejected === 'encoded') {
    ctx.warn('WHATSAPP_PUSHNAME_ENCODED', 'push names stored as base64 protobuf (2025+ builds) are not decoded: those push names are NULL');
  } else if (reading.rejected === 'unreadable') {
    ctx.warn('WHATSAPP_PUSHNAME_UNREADABLE', 'push names with control characters were stored as NULL');
  }
  return reading.name;
}
