// What a message row is: an ordinary message or a conversation event (item_type with group_action_type),
// and which app drew its balloon (balloon_bundle_id). Unknown values are kept visible, never guessed.

/** Events by `item_type` then `group_action_type`; `*` is any action. */
const ITEM_TYPES: Readonly<Record<number, Readonly<Record<string, string>>>> = {
  0: { '*': 'normal' },
  1: { 0: 'participant-added', 1: 'participant-removed' },
  2: { '*': 'group-renamed' },
  3: {
    0: 'participant-left',
    1: 'group-icon-changed',
    2: 'group-icon-removed',
    4: 'chat-background-changed',
    6: 'chat-background-removed',
  },
  4: { '*': 'location-sharing' },
  5: { '*': 'audio-message-kept' },
  6: { '*': 'shareplay' },
};

/**
 * Readable item type. Null item_type (iOS 6-7, no such column) is `normal`.
 * Unknown pairs become `unknown-N` (unknown item_type) or `unknown-N-M` (known item_type, unknown group_action_type).
 */
export function itemTypeName(itemType: number | null | undefined, groupActionType: number | null | undefined): string {
  if (itemType === null || itemType === undefined) return 'normal';
  const actions = ITEM_TYPES[itemType];
  if (!actions) return `unknown-${itemType}`;
  const action = groupActionType ?? 0;
  return actions[String(action)] ?? actions['*'] ?? `unknown-${itemType}-${action}`;
}

/** Balloon kinds matched against the bundle id, most specific first. */
const BALLOON_KINDS: ReadonlyArray<readonly [string, string]> = [
  ['URLBalloonProvider', 'link-preview'],
  ['PeerPaymentMessagesExtension', 'apple-pay'],
  ['com.apple.findmy', 'location'],
  ['FindMyMessagesApp', 'location'],
  ['Handwriting', 'handwriting'],
  ['DigitalTouchBalloonProvider', 'digital-touch'],
  ['ActivityMessagesApp', 'fitness'],
  ['PhotosMessagesApp', 'photos'],
  ['SafetyMonitorMessages', 'check-in'],
  ['business.extension', 'business-chat'],
  ['com.apple.messages.MSMessageExtensionBalloonPlugin', 'app'],
];

/** Readable app type of a `balloon_bundle_id`; null when the row has none, `other` for an unrecognized id. */
export function appTypeName(bundleId: string | null | undefined): string | null {
  if (bundleId === null || bundleId === undefined || bundleId === '') return null;
  for (const [needle, kind] of BALLOON_KINDS) {
    if (bundleId.includes(needle)) return kind;
  }
  return 'other';
}
