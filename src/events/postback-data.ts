// Postback data is URLSearchParams text (`action=menu&item=reservations`), parsed and validated with zod.
import { z } from 'zod';
import { LANGUAGES } from '../i18n/languages.ts';

export const MENU_ITEMS = [
  'gomi',
  'reservations',
  'childcare',
  'reports',
  'disaster',
  // The disaster-mode menu's entries (src/line/richmenu/disaster/).
  'evacuationInfo',
  'safetyReport',
  'disasterContacts',
  'faq',
  'myReservations',
  'myReports',
  'myChildren',
  'contact',
  'help',
  'language',
] as const;
export type MenuItem = (typeof MENU_ITEMS)[number];

export const postbackDataSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('menu'), item: z.enum(MENU_ITEMS) }),
  z.object({ action: z.literal('set-language'), lang: z.enum(LANGUAGES) }),
  // Sent by LINE with every rich-menu tab switch; the switch itself is done by LINE.
  z.object({ action: z.literal('tab'), tab: z.string().max(32) }),
  // Owned by a conversation flow: the remaining fields are the flow's own, validated by the flow.
  z.object({ action: z.literal('flow'), flow: z.string().min(1).max(40) }).catchall(z.string()),
  // Stateless buttons of a feature (content menus): the remaining fields are the feature's own.
  z.object({ action: z.literal('feature'), feature: z.string().min(1).max(40) }).catchall(z.string()),
]);
export type PostbackData = z.infer<typeof postbackDataSchema>;

export function parsePostbackData(data: string): PostbackData | null {
  const fields = Object.fromEntries(new URLSearchParams(data));
  const parsed = postbackDataSchema.safeParse(fields);
  return parsed.success ? parsed.data : null;
}

export function postbackData(fields: Record<string, string>): string {
  const data = new URLSearchParams(fields).toString();
  if (data.length > 300) throw new Error(`postback data over 300 characters: ${data.slice(0, 40)}…`);
  return data;
}
