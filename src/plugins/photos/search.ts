// Photos search mapper: one document per asset, titled by its original file name (else its title, else the stored
// name), with its title, caption, album titles and place in the body, dated by its creation time.
import type { Row, SearchDocument, SearchMapper } from '../../kernel/plugin.js';
import type { AssetSearchExtra } from './assets.js';

function present(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function assetDocument(row: Row, extra: unknown): SearchDocument {
  const albums = (extra as AssetSearchExtra | undefined)?.albums ?? [];
  const title = present(row.original_filename) ?? present(row.title) ?? present(row.filename);
  const lines = [present(row.title), present(row.caption), ...albums.map(present), present(row.place)].filter(
    (line, index, all): line is string => line !== null && line !== title && all.indexOf(line) === index,
  );
  return {
    type: 'photo',
    title,
    body: lines.length > 0 ? lines.join('\n') : null,
    occurredAt: (row.created_at as Date | null) ?? null,
    participants: [],
  };
}

/** Maps `photo_asset` rows to documents; albums and memberships have none of their own. */
export const photosSearch: SearchMapper = { photo_asset: assetDocument };
