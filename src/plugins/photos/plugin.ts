// Photos plugin declaration: Photos.sqlite in CameraRollDomain. Writes photo_album, photo_asset and photo_album_asset;
// one search document per asset.
import { PhotoAlbum, PhotoAlbumAsset, PhotoAsset } from '../../entities/Photo.js';
import { definePlugin, sourceRowCount } from '../../kernel/plugin.js';
import { CAMERA_ROLL_DOMAIN } from './assets.js';
import { parsePhotos } from './parse.js';
import { photosSearch } from './search.js';

/** The photos domain. */
export const photosPlugin = definePlugin({
  id: 'photos',
  title: 'Photos',
  source: {
    fileNames: ['Photos.sqlite'],
    locations: [{ domain: CAMERA_ROLL_DOMAIN, relativePath: 'Media/PhotoData/Photos.sqlite' }],
  },
  entities: [PhotoAlbum, PhotoAsset, PhotoAlbumAsset],
  parse: parsePhotos,
  search: photosSearch,
  searchTypes: ['photo'],
  // The asset table detectLayout reads: ZASSET (iOS 14 and later), else ZGENERICASSET.
  progress: {
    tables: ['photo_asset'],
    expectedRows: (source) => sourceRowCount(source, source.schema.hasTable('ZASSET') ? 'ZASSET' : 'ZGENERICASSET'),
  },
  nouns: {
    photo_album: ['album', 'albums'],
    photo_asset: ['photo or video', 'photos and videos'],
    photo_album_asset: ['album entry', 'album entries'],
  },
  defaultOptions: {},
});
