import { nullTranslator } from '@jupyterlab/translation';
import {
  boxText,
  DEFAULT_FORM,
  polygonText,
  restoreForm,
  toSearchForm,
  typedBox,
  typedPolygon
} from '../formstate';
import { validateSearch } from '../query';

const trans = nullTranslator.load('jupyterlab_hackweek');

describe('restoreForm', () => {
  it('keeps the saved fields and drops unknown or mistyped ones', () => {
    // Given a saved form with a bad provider, a number and an unknown key
    const form = restoreForm({
      shortName: 'ATL03',
      version: '006',
      provider: 'ELSEWHERE',
      start: 20190101,
      view: 'antarctic',
      draw: 'lasso',
      polygon: '0 70, 120 70, -120 70',
      extra: 'x'
    });
    // Then the good fields come back and the rest are defaults
    expect(form).toEqual({
      ...DEFAULT_FORM,
      shortName: 'ATL03',
      version: '006',
      view: 'antarctic',
      polygon: '0 70, 120 70, -120 70'
    });
  });

  it('starts from the defaults when nothing was saved', () => {
    expect(restoreForm(undefined)).toEqual(DEFAULT_FORM);
    expect(restoreForm('garbage')).toEqual(DEFAULT_FORM);
  });
});

describe('typedBox', () => {
  const edges = (west: string, south: string, east: string, north: string) => ({
    ...DEFAULT_FORM,
    west,
    south,
    east,
    north
  });

  it('reads four numbers as a box, and none as no box', () => {
    expect(typedBox(edges('-60', '55', '-40', '80'), trans)).toEqual({
      box: { west: -60, south: 55, east: -40, north: 80 }
    });
    expect(typedBox(edges('', ' ', '', ''), trans)).toEqual({ box: null });
  });

  it('explains a missing edge or a word', () => {
    expect(typedBox(edges('-60', '', '-40', '80'), trans)).toEqual({
      error: 'Enter all four edges (W, S, E, N), or none.'
    });
    expect(typedBox(edges('-60', 'south', '-40', '80'), trans)).toEqual({
      error: 'Box edges must be numbers in degrees.'
    });
  });
});

describe('boxText', () => {
  it('writes a drawn box to three decimals', () => {
    expect(
      boxText({ west: -60.123456, south: 55, east: 179.9999, north: 80.5 })
    ).toEqual({ west: '-60.123', south: '55', east: '180', north: '80.5' });
  });
});

describe('toSearchForm', () => {
  it('gives validateSearch the typed search, whose params reach the route', () => {
    // Given the form of the browser test
    const state = {
      ...DEFAULT_FORM,
      version: '005',
      start: '2019-02-20',
      end: '2019-02-22',
      west: '-60',
      south: '55',
      east: '-40',
      north: '80'
    };
    // When converted and validated
    const { form, errors } = toSearchForm(state, trans);
    const result = validateSearch(form, trans);
    // Then the params hold the box, the whole days and CMR's largest page
    expect(errors).toEqual({});
    expect(result.params).toEqual({
      short_name: 'ATL06',
      version: '005',
      temporal: '2019-02-20T00:00:00Z,2019-02-22T23:59:59Z',
      bounding_box: '-60,55,-40,80',
      page_size: '2000'
    });
  });

  it('reports a half-typed box as a box error', () => {
    const { errors } = toSearchForm({ ...DEFAULT_FORM, west: '3' }, trans);
    expect(errors.box).toBe('Enter all four edges (W, S, E, N), or none.');
  });

  it('sends a polygon drawn round the South Pole as drawn, for the server to wind', () => {
    // Given three points clicked eastward round the South Pole (the wrong way for CMR)
    const drawn = polygonText([
      [0, -70.12345],
      [120, -70],
      [-120, -70]
    ]);
    expect(drawn).toBe('0 -70.123, 120 -70, -120 -70');
    // When the search is built
    const { form, errors } = toSearchForm(
      { ...DEFAULT_FORM, polygon: drawn },
      trans
    );
    const result = validateSearch(form, trans);
    // Then the points go as drawn (rounded as shown): the server closes the
    // ring and turns it westward, so that it holds the pole
    expect(errors).toEqual({});
    expect(result.params?.polygon).toBe('0,-70.123,120,-70,-120,-70');
    expect(result.params?.bounding_box).toBeUndefined();
  });

  it('refuses a box and a polygon together, and explains a bad polygon', () => {
    const both = toSearchForm(
      {
        ...DEFAULT_FORM,
        west: '0',
        south: '0',
        east: '1',
        north: '1',
        polygon: '0 0, 1 0, 1 1'
      },
      trans
    );
    expect(both.errors.polygon).toMatch(/box or in a polygon, not both/);
    const odd = typedPolygon({ ...DEFAULT_FORM, polygon: '0 0, 1' }, trans);
    expect('error' in odd && odd.error).toMatch(/longitude latitude pairs/);
    const words = typedPolygon({ ...DEFAULT_FORM, polygon: 'north' }, trans);
    expect('error' in words).toBe(true);
    expect(typedPolygon({ ...DEFAULT_FORM, polygon: ' ' }, trans)).toEqual({
      polygon: null
    });
  });
});
