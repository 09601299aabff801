/**
 * The search panel's form as the user typed it (all text, so it can be
 * saved and restored as JSON), and its conversion to the `ISearchForm` that
 * `validateSearch` checks. Pure.
 */

import type { TranslationBundle } from '@jupyterlab/translation';
import type { IBox, MapView } from './geo';
import type { ISearchForm, SearchField } from './query';
import { Provider, PROVIDERS } from './tokens';

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
   * The map view.
   */
  view: MapView;
}

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
  view: 'global'
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
  'namePattern'
] as const;

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
    if (typeof value === 'string' && value.length <= 500) {
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
 * The box's edges as text for the four fields, to 3 decimals.
 */
export function boxText(
  box: IBox
): Pick<IFormState, 'west' | 'south' | 'east' | 'north'> {
  const text = (v: number) => String(Math.round(v * 1000) / 1000);
  return {
    west: text(box.west),
    south: text(box.south),
    east: text(box.east),
    north: text(box.north)
  };
}

/**
 * The form for `validateSearch`, and the errors found before it (the box).
 */
export function toSearchForm(
  state: IFormState,
  trans: TranslationBundle
): { form: ISearchForm; errors: Partial<Record<SearchField, string>> } {
  const typed = typedBox(state, trans);
  const errors: Partial<Record<SearchField, string>> = {};
  if ('error' in typed) {
    errors.box = typed.error;
  }
  return {
    form: {
      shortName: state.shortName,
      version: state.version,
      provider: state.provider,
      start: state.start,
      end: state.end,
      box: 'box' in typed ? typed.box : null,
      polygon: null,
      tracks: state.tracks,
      cycles: state.cycles,
      namePattern: state.namePattern,
      pageSize: 2000
    },
    errors
  };
}
