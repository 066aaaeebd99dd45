// The nearest shelters as a resident sees them: one card each (status, name, kind, distance and walking time,
// the hazards it is designated for, address, a map/route link) with the attribution the national data asks for.
import type { messagingApi } from '@line/bot-sdk';
import { renderCarousel } from '../../../flex/index.ts';
import { t } from '../../../i18n/index.ts';
import type { Language } from '../../../i18n/languages.ts';
import { type NearShelter, type ShelterStatus, walkingMinutes } from '../shelters/nearest.ts';

const STATUS_COLORS: Readonly<Record<ShelterStatus, string>> = {
  unopened: '#757575',
  open: '#2E7D32',
  crowded: '#EF6C00',
  full: '#C62828',
  closed: '#424242',
};

/** "650 m" under a kilometre (to 10 m), "1.2 km" above. */
export function formatDistance(metres: number): string {
  if (metres < 1000) return `${Math.max(10, Math.round(metres / 10) * 10)} m`;
  return `${(metres / 1000).toFixed(metres < 10_000 ? 1 : 0)} km`;
}

/** A walking route from the resident's place in Google Maps (opens the app on a phone, the web otherwise). */
export function routeUrl(from: { latitude: number; longitude: number }, to: NearShelter): string {
  const point = (lat: number, lon: number) => `${lat.toFixed(6)},${lon.toFixed(6)}`;
  return (
    'https://www.google.com/maps/dir/?api=1' +
    `&origin=${point(from.latitude, from.longitude)}` +
    `&destination=${point(to.latitude, to.longitude)}&travelmode=walking`
  );
}

export function hazardList(lang: Language, shelter: NearShelter): string {
  const hazards = shelter.hazards.length > 0 ? shelter.hazards : shelter.siteHazards;
  if (hazards.length === 0) return t(lang, 'bousai:card.noHazards');
  const names = hazards.map((hazard) => t(lang, `bousai:hazardName.${hazard}`));
  const key = shelter.hazards.length > 0 ? 'bousai:card.hazards' : 'bousai:card.siteHazards';
  return t(lang, key, { list: names.join(t(lang, 'bousai:card.separator')) });
}

export function shelterCarousel(
  lang: Language,
  from: { latitude: number; longitude: number },
  shelters: readonly NearShelter[],
): messagingApi.FlexMessage {
  const items = shelters.map((shelter) => ({
    status: t(lang, `bousai:status.${shelter.status}`),
    statusColor: STATUS_COLORS[shelter.status],
    name: shelter.name,
    kind: [
      t(lang, `bousai:card.kind.${shelter.kind}`),
      ...(shelter.forCare ? [t(lang, 'bousai:card.forCare')] : []),
    ].join(' / '),
    distance: t(lang, 'bousai:card.distance', {
      distance: formatDistance(shelter.distance),
      minutes: walkingMinutes(shelter.distance),
    }),
    hazards: hazardList(lang, shelter),
    address: shelter.address || '-',
    route: routeUrl(from, shelter),
  }));
  return renderCarousel('bousai-shelter', items, { lang, altText: t(lang, 'bousai:near.altText') });
}
