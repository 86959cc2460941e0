// Reads Photos.sqlite (the Photos Core Data store, iOS 7 to 18 and macOS): the layout first, then the user and shared
// albums (a small table), then the assets streamed in Z_PK order with their memberships, then the album rows with
// the number of memberships read.
import { readAlbums, writeAlbums } from './albums.js';
import { writeAssets } from './assets.js';
import { readLayout, type PhotosContext } from './layout.js';

/** Parses Photos.sqlite into photo_album, photo_asset and photo_album_asset. */
export async function parsePhotos(ctx: PhotosContext): Promise<void> {
  const layout = readLayout(ctx);
  const albums = readAlbums(ctx, layout);
  await writeAssets(ctx, layout, albums);
  await writeAlbums(ctx, albums);
}
