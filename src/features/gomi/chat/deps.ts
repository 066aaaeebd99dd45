// What the ごみ conversation needs from the feature: the dataset in force and the feature's clock.
import type { DatasetStore } from '../dataset/store.ts';

export interface GomiDeps {
  store: DatasetStore;
  now: () => Date;
}
