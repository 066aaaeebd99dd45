// 安否・避難報告: what a resident reports (their situation, how many people, what they need), for themselves and
// their household or for a relative without LINE.

export const SITUATIONS = ['safe_home', 'at_shelter', 'car_or_relatives', 'need_help'] as const;
export type Situation = (typeof SITUATIONS)[number];

export const NEEDS = ['medicine', 'wheelchair', 'pets', 'infant', 'language'] as const;
export type Need = (typeof NEEDS)[number];

export interface ProxySubject {
  name: string;
  address: string;
  phone: string;
}

export interface SafetyReportInput {
  disasterId: string;
  userId: string;
  proxy: ProxySubject | null;
  situation: Situation;
  shelterId: string | null;
  people: number;
  needs: Need[];
  latitude: number | null;
  longitude: number | null;
}

/** Reports are deleted this many days after their disaster is closed; the residents' message says so. */
export const REPORT_RETENTION_DAYS = 30;
