/**
 * The search panel's form as the user typed it (all text, so it can be
 * saved and restored as JSON), and its conversion to the `ISearchForm` that
 * `validateSearch` checks. Pure.
 */

import type { TranslationBundle } from '@jupyterlab/translation';
import type { IBox, LonLat, MapView } from './geo';
import type { ISearchForm, SearchField } from './query';
import { Provider, PROVIDERS } from './types';

/**
 * Everything the user entered in the search panel.
 */
export interface IFormState {
  shortName: string;
  version: string;
  provider: Provider | '';
  start: string;
  end: string;
  west: string;
  south: string;
  east: string;
  north: string;
  tracks: string;
  cycles: string;
  namePattern: string;
  /**
   * A polygon's points as text: "lon lat, lon lat, …".
   */
  polygon: string;
  /**
   * The map view.
   */
  view: MapView;
  /**
   * What the map draws: a box (drag) or a polygon (clicks).
   */
  draw: DrawMode;
}

/**
 * What dragging or clicking on the map draws.
 */
export type DrawMode = 'box' | 'polygon';

/**
 * A new panel's form: ATL06, any area, any time.
 */
export const DEFAULT_FORM: IFormState = {
  shortName: 'ATL06',
  version: '',
  provider: '',
  start: '',
  end: '',
  west: '',
  south: '',
  east: '',
  north: '',
  tracks: '',
  cycles: '',
  namePattern: '',
  polygon: '',
  view: 'global',
  draw: 'box'
};

const TEXT_FIELDS = [
  'shortName',
  'version',
  'start',
  'end',
  'west',
  'south',
  'east',
  'north',
  'tracks',
  'cycles',
  'namePattern',
  'polygon'
] as const;

/** The longest text restored for a field (a polygon of ~200 points). */
const MAX_SAVED_TEXT = 5000;

/**
 * Whether the form now asks something else than it did for `searched` (the
 * map's view and drawing mode ask nothing; spaces around a value neither).
 */
export function searchChanged(searched: IFormState, now: IFormState): boolean {
  return (
    searched.provider !== now.provider ||
    TEXT_FIELDS.some(key => searched[key].trim() !== now[key].trim())
  );
}

/**
 * A form state from saved JSON: unknown or mistyped fields fall back to the
 * defaults (the saved state may come from an older version).
 */
export function restoreForm(saved: unknown): IFormState {
  const state: IFormState = { ...DEFAULT_FORM };
  if (!saved || typeof saved !== 'object') {
    return state;
  }
  const record = saved as Record<string, unknown>;
  for (const key of TEXT_FIELDS) {
    const value = record[key];
    if (typeof value === 'string' && value.length <= MAX_SAVED_TEXT) {
      state[key] = value;
    }
  }
  const provider = record.provider;
  if (provider === '' || PROVIDERS.includes(provider as Provider)) {
    state.provider = provider as Provider | '';
  }
  if (['global', 'arctic', 'antarctic'].includes(record.view as string)) {
    state.view = record.view as MapView;
  }
  if (record.draw === 'box' || record.draw === 'polygon') {
    state.draw = record.draw;
  }
  return state;
}

/**
 * The box typed in the four edge fields: `null` when all are empty, a message
 * when some are missing or not numbers.
 */
export function typedBox(
  state: IFormState,
  trans: TranslationBundle
): { box: IBox | null } | { error: string } {
  const texts = [state.west, state.south, state.east, state.north].map(t =>
    t.trim()
  );
  if (texts.every(t => !t)) {
    return { box: null };
  }
  if (texts.some(t => !t)) {
    return { error: trans.__('Enter all four edges (W, S, E, N), or none.') };
  }
  const values = texts.map(Number);
  if (values.some(v => !Number.isFinite(v))) {
    return { error: trans.__('Box edges must be numbers in degrees.') };
  }
  const [west, south, east, north] = values;
  return { box: { west, south, east, north } };
}

/**
 * The polygon typed as "lon lat, lon lat, …" (any of space, comma or
 * semicolon between numbers): `null` when empty, a message when the numbers
 * do not pair up. Ranges and the number of points are checked by
 * `validateSearch`.
 */
export function typedPolygon(
  state: IFormState,
  trans: TranslationBundle
): { polygon: LonLat[] | null } | { error: string } {
  const text = state.polygon.trim();
  if (!text) {
    return { polygon: null };
  }
  const values = text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map(Number);
  if (values.some(v => !Number.isFinite(v)) || values.length % 2) {
    return {
      error: trans.__(
        'Write the polygon as longitude latitude pairs in degrees: "-50 70, -40 70, -45 75".'
      )
    };
  }
  const points: LonLat[] = [];
  for (let i = 0; i < values.length; i += 2) {
    points.push([values[i], values[i + 1]]);
  }
  return { polygon: points };
}

/**
 * Points as polygon text, to 3 decimals.
 */
export function polygonText(points: LonLat[]): string {
  return points.map(p => p.map(round3).join(' ')).join(', ');
}

function round3(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/**
 * The box's edges as text for the four fields, to 3 decimals.
 */
export function boxText(
  box: IBox
): Pick<IFormState, 'west' | 'south' | 'east' | 'north'> {
  return {
    west: round3(box.west),
    south: round3(box.south),
    east: round3(box.east),
    north: round3(box.north)
  };
}

/**
 * The form for `validateSearch`, and the errors found before it (the box and
 * the polygon).
 */
export function toSearchForm(
  state: IFormState,
  trans: TranslationBundle
): { form: ISearchForm; errors: Partial<Record<SearchField, string>> } {
  const typed = typedBox(state, trans);
  const shape = typedPolygon(state, trans);
  const errors: Partial<Record<SearchField, string>> = {};
  if ('error' in typed) {
    errors.box = typed.error;
  }
  if ('error' in shape) {
    errors.polygon = shape.error;
  } else if (shape.polygon && 'box' in typed && typed.box) {
    errors.polygon = trans.__(
      'Search in a box or in a polygon, not both: clear one of them.'
    );
  }
  return {
    form: {
      shortName: state.shortName,
      version: state.version,
      provider: state.provider,
      start: state.start,
      end: state.end,
      box: 'box' in typed ? typed.box : null,
      polygon: 'polygon' in shape ? shape.polygon : null,
      tracks: state.tracks,
      cycles: state.cycles,
      namePattern: state.namePattern,
      pageSize: 2000
    },
    errors
  };
}
