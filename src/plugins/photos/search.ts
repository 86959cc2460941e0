// Photos search mapper: one document per asset, titled by its original file name (else its title, else the stored
// name), with its title, caption, album titles and place in the body, dated by its creation time.
import { distinctTexts, presentText, type Row, type SearchDocument, type SearchMapper } from '../../kernel/plugin.js';
import type { AssetSearchExtra } from './assets.js';

function assetDocument(row: Row, extra: unknown): SearchDocument {
  const albums = (extra as AssetSearchExtra | undefined)?.albums ?? [];
  const title = presentText(row.original_filename) ?? presentText(row.title) ?? presentText(row.filename);
  const lines = distinctTexts([row.title, row.caption, ...albums, row.place]).filter((line) => line !== title);
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
