// PostgreSQL prints %m/%t in log_timezone with the zone's abbreviation; the ones people run servers
// in are listed, anything else is read as UTC only when it says so.
const ZONE_OFFSETS: Readonly<Record<string, string>> = {
  UTC: 'Z',
  GMT: 'Z',
  Z: 'Z',
  WET: '+00:00',
  WEST: '+01:00',
  BST: '+01:00',
  CET: '+01:00',
  CEST: '+02:00',
  EET: '+02:00',
  EEST: '+03:00',
  MSK: '+03:00',
  IST: '+05:30',
  JST: '+09:00',
  KST: '+09:00',
  AEST: '+10:00',
  AEDT: '+11:00',
  NZST: '+12:00',
  NZDT: '+13:00',
  EST: '-05:00',
  EDT: '-04:00',
  CST: '-06:00',
  CDT: '-05:00',
  MST: '-07:00',
  MDT: '-06:00',
  PST: '-08:00',
  PDT: '-07:00',
};

const LOG_TIME = /(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?: ?([A-Z]{1,5}\b|[+-]\d{2}(?::?\d{2})?))?/;
const EPOCH = /^(\d{10})(?:\.(\d{1,6}))?\b/;

/**
 * Epoch milliseconds of the first timestamp in `text` — `2025-11-04 10:00:00.123 UTC` as %m writes
 * it, ISO 8601 as applications write it, or %n's epoch seconds — or null when there is none or its
 * zone is unknown (a wrong time would put an event on the wrong side of the deploy).
 */
export function parseLogTimestamp(text: string): number | null {
  const epoch = EPOCH.exec(text);
  if (epoch) return Number(epoch[1]) * 1000 + Math.round(Number(`0.${epoch[2] ?? '0'}`) * 1000);
  const match = LOG_TIME.exec(text);
  if (!match) return null;
  const zone = match[3];
  const offset = zone === undefined ? undefined : /^[+-]/.test(zone) ? normaliseOffset(zone) : ZONE_OFFSETS[zone];
  if (offset === undefined) return null;
  const at = Date.parse(`${match[1]}T${match[2]}${offset}`);
  return Number.isNaN(at) ? null : at;
}

function normaliseOffset(offset: string): string {
  const digits = offset.slice(1).replace(':', '');
  return `${offset[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
}

/** A time an application log states as a number (epoch seconds or milliseconds) or a string. */
export function parseAnyTime(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
  if (typeof value !== 'string') return null;
  const stated = parseLogTimestamp(value);
  if (stated !== null) return stated;
  // Without a zone, the reading machine's: what the application most likely meant.
  const local = Date.parse(value);
  return Number.isNaN(local) ? null : local;
}
