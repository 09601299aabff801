/**
 * Parsing helpers of the search form: times, number lists and ICESat-2
 * track/cycle patterns. Pure. (Polygon winding is the server's: see
 * `IGranulesReply.polygon`.)
 */

/**
 * The most track × cycle combinations one search may ask for.
 */
export const MAX_PATTERNS = 2000;

const ICESAT2 = /^ATL\d{2}$/i;
const TIME =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:\d{2})?)?$/i;
const HEMISPHERE_PRODUCTS = ['ATL07', 'ATL10', 'ATL20', 'ATL21'];

/**
 * Whether a short name is an ICESat-2 product (`ATL03`, `ATL06`, ...).
 */
export function isIcesat2(shortName: string): boolean {
  return ICESAT2.test(shortName.trim());
}

/**
 * Parse `YYYY-MM-DD` or an ISO 8601 time to `YYYY-MM-DDTHH:MM:SSZ`
 * (UTC when no zone is given); `endOfDay` turns a bare date into 23:59:59.
 * Returns `null` when the text is not a real date.
 */
export function parseTime(text: string, endOfDay = false): string | null {
  const match = TIME.exec(text.trim());
  if (!match) {
    return null;
  }
  const [, date, time, zone] = match;
  const clock = time ?? (endOfDay ? '23:59:59' : '00:00:00');
  const ms = Date.parse(
    `${date}T${clock.length === 5 ? clock + ':00' : clock}${zone ?? 'Z'}`
  );
  if (
    Number.isNaN(ms) ||
    new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date
  ) {
    return null;
  }
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Parse `1, 5, 10-12` into sorted unique numbers within `low..high`.
 *
 * Returns the numbers, or the offending part and whether it was out of range.
 */
export function parseNumberList(
  text: string,
  low: number,
  high: number
): { numbers: number[] } | { bad: string; outOfRange: boolean } {
  const numbers = new Set<number>();
  for (const raw of text.split(',')) {
    const part = raw.trim();
    const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!match) {
      return { bad: part, outOfRange: false };
    }
    const first = Number(match[1]);
    const last = Number(match[2] ?? match[1]);
    for (const n of [first, last]) {
      if (n < low || n > high) {
        return { bad: String(n), outOfRange: true };
      }
    }
    for (let n = first; n <= last; n++) {
      numbers.add(n);
    }
  }
  return { numbers: [...numbers].sort((a, b) => a - b) };
}

/**
 * CMR `readable_granule_name` patterns selecting ICESat-2 tracks and cycles
 * (an empty list means any), e.g. `ATL06_??????????????_084102??_*`.
 */
export function trackPatterns(
  shortName: string,
  tracks: number[],
  cycles: number[]
): string[] {
  const product = shortName.trim().toUpperCase();
  if (product === 'ATL11') {
    return tracks.map(t => `ATL11_${pad(t, 4)}??_*`);
  }
  const prefix = HEMISPHERE_PRODUCTS.includes(product)
    ? `${product}-??`
    : product;
  const t = tracks.length ? tracks.map(n => pad(n, 4)) : ['????'];
  const c = cycles.length ? cycles.map(n => pad(n, 2)) : ['??'];
  return t.flatMap(track =>
    c.map(cycle => `${prefix}_??????????????_${track}${cycle}??_*`)
  );
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
