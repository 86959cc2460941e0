// Attachment kinds of a note, from the type UTI its body or its ZICCLOUDSYNCINGOBJECT row gives.

/** Kinds by exact UTI. */
const KINDS: Readonly<Record<string, string>> = {
  'com.apple.notes.table': 'table',
  'public.url': 'url',
  'com.apple.notes.gallery': 'scan',
  'com.apple.paper.doc.scan': 'scan',
  'com.apple.drawing': 'drawing',
  'com.apple.drawing.2': 'drawing',
  'com.apple.paper': 'drawing',
  'com.apple.notes.sketch': 'drawing',
  'com.apple.notes.inlinetextattachment.hashtag': 'hashtag',
  'com.apple.notes.inlinetextattachment.mention': 'mention',
  'com.apple.notes.inlinetextattachment.link': 'note-link',
  'com.apple.notes.inlinetextattachment.calculateresult': 'calculation',
  'com.adobe.pdf': 'pdf',
  'public.vcard': 'contact',
  'com.apple.ical.ics': 'calendar',
  'public.location': 'map',
  'com.apple.mapkit.map-item': 'map',
};

/** Kinds by UTI prefix (families of file types). */
const FAMILIES: ReadonlyArray<[RegExp, string]> = [
  [/^(public\.(jpeg|png|heic|heif|tiff|image|camera-raw-image)|com\.compuserve\.gif|com\.microsoft\.bmp|org\.webmproject\.webp)/, 'image'],
  [/^(public\.(movie|mpeg-4|video|avi)|com\.apple\.quicktime-movie)/, 'video'],
  [/^(public\.(audio|mp3|aiff-audio)|com\.apple\.m4a-audio|com\.microsoft\.waveform-audio)/, 'audio'],
];

/** The kind of an attachment: `image`, `drawing`, `table`, `url`, `scan`, `hashtag`, ... or `file` for any other UTI. */
export function attachmentKind(uti: string | null): string {
  if (!uti) return 'unknown';
  const exact = KINDS[uti];
  if (exact) return exact;
  return FAMILIES.find(([pattern]) => pattern.test(uti))?.[1] ?? 'file';
}

/** Whether the kind is an inline attachment whose text (ZALTTEXT) is part of the sentence it sits in. */
export function isInlineText(kind: string): boolean {
  return kind === 'hashtag' || kind === 'mention' || kind === 'note-link' || kind === 'calculation';
}
