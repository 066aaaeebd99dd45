// 損傷報告: the shapes of reports, their photos and history as the rest of the code sees them.
import type { Language } from '../../i18n/languages.ts';

export const MIN_PHOTOS = 1;
export const MAX_PHOTOS = 3;
export const MAX_COMMENT_LENGTH = 1000;
/** "About 50 m": the radius within which an open report of the same category is offered as the same damage. */
export const NEARBY_RADIUS_M = 50;

export type PhotoSource = 'reporter' | 'supporter' | 'staff';

export interface ReportPhoto {
  key: string;
  source: PhotoSource;
  /** Approved by staff for publication (no faces or number plates, or a blurred copy). */
  public: boolean;
}

export interface Report {
  id: string;
  /** Public number (R000123), shown to the resident and in exports. */
  number: string;
  category: string;
  department: string;
  status: string;
  lat: number;
  lon: number;
  address: string | null;
  /** Personal data: the resident's own words; never published. */
  comment: string | null;
  /** The comment as staff approved it for publication (personal details removed), or null. */
  publicComment: string | null;
  /** Personal data: the reporter's LINE user id; null for a report staff entered. */
  userId: string | null;
  hidden: boolean;
  /** Staff published it (or OPEN311_AUTO_PUBLISH did): only published, visible reports reach the public. */
  published: boolean;
  publishedAt: Date | null;
  /** Staff approved publishing the exact point; otherwise the public sees it rounded to about 10 m. */
  exactLocationPublic: boolean;
  duplicateOf: string | null;
  photos: ReportPhoto[];
  supporterCount: number;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

export interface Recipient {
  userId: string;
  language: Language;
  role: 'reporter' | 'supporter';
}

export interface ReportEvent {
  id: string;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  note: string | null;
  staffId: string | null;
  at: Date;
}

export interface BoundingBox {
  south: number;
  west: number;
  north: number;
  east: number;
}
