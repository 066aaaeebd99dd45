// What the report conversation needs beyond the handler context: the photo store, the catalog and the clock.
import type { ReportCatalog } from '../catalog/catalog.ts';
import type { PhotoStore } from '../photos/store.ts';

export interface ReportChatDeps {
  store: PhotoStore;
  catalog: ReportCatalog;
  now: () => Date;
}
