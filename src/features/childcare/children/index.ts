// Registering children: consent first, then nickname and birth date; list, edit and delete (stub: to build).
import type { Services } from '../../../events/services.ts';
import type { ChildcareLibrary } from '../content.ts';

export interface ChildrenOptions {
  library: ChildcareLibrary;
  /** The clock for "today" (tests move it); the real time by default. */
  now?: () => Date;
}

export function registerChildrenFeature(_services: Services, _options: ChildrenOptions): void {}
