// Photos plugin declaration (Photos.sqlite in CameraRollDomain): planned, registered disabled until built.
// The source locations are the real ones so backup lookups already know where the database lives.
import { unimplementedPlugin } from '../../kernel/unimplemented.js';

/** The photos domain (not implemented yet). */
export const photosPlugin = unimplementedPlugin('photos', 'Photos', {
  fileNames: ['Photos.sqlite'],
  locations: [{ domain: 'CameraRollDomain', relativePath: 'Media/PhotoData/Photos.sqlite' }],
});
