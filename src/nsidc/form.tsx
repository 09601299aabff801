/**
 * The search form of the NSIDC panel, in two parts around the map: product,
 * version, provider, dates and box above it; tracks, cycles, file-name pattern
 * and the Search button below it.
 */

import { VDomRenderer } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';

import type { MapView } from './geo';
import type { DrawMode, IFormState } from './formstate';
import type { NsidcSearchModel } from './model';
import type { SearchField } from './query';
import { PROVIDERS } from './types';

const CLASS = 'jp-hackweek-NsidcPanel';

/**
 * A part of the search form, rendered from the model.
 */
export class SearchFormView extends VDomRenderer<NsidcSearchModel> {
  constructor(options: SearchFormView.IOptions) {
    super(options.model);
    this._part = options.part;
    this._trans = options.trans;
    this.addClass(`${CLASS}-form`);
    this.addClass(`${CLASS}-form-${options.part}`);
  }

  protected render(): JSX.Element {
    const props = { model: this.model, trans: this._trans };
    return this._part === 'query' ? (
      <QuerySection {...props} />
    ) : (
      <FilterSection {...props} />
    );
  }

  private _part: 'query' | 'filters';
  private _trans: TranslationBundle;
}

/**
 * The statics of `SearchFormView`.
 */
export namespace SearchFormView {
  /**
   * Options of a form part.
   */
  export interface IOptions {
    model: NsidcSearchModel;
    trans: TranslationBundle;
    /**
     * `query`: above the map; `filters`: below it.
     */
    part: 'query' | 'filters';
  }
}

interface ISectionProps {
  model: NsidcSearchModel;
  trans: TranslationBundle;
}

let datalistCounter = 0;

/**
 * Product, version, provider, dates, box and map view.
 */
function QuerySection(props: ISectionProps): JSX.Element {
  const { model, trans } = props;
  const state = model.state;
  const [listId] = React.useState(
    () => `${CLASS}-products-${++datalistCounter}`
  );
  const versions = [...model.versions];
  if (state.version && !versions.includes(state.version)) {
    versions.push(state.version);
  }
  return (
    <div className={`${CLASS}-section`}>
      <div className={`${CLASS}-row2`}>
        <label className={`${CLASS}-field ${CLASS}-grow`}>
          <span>{trans.__('Product')}</span>
          <TextInput
            {...props}
            field="shortName"
            className={`${CLASS}-product`}
            list={listId}
            placeholder="ATL06"
          />
        </label>
        <label className={`${CLASS}-field`}>
          <span>{trans.__('Version')}</span>
          <select
            className={`${CLASS}-version jp-mod-styled`}
            value={state.version}
            onChange={e => model.setState({ version: e.currentTarget.value })}
          >
            {versions.map(v => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
            <option value="">{trans.__('any')}</option>
          </select>
        </label>
      </div>
      <datalist id={listId}>
        {model.suggestions.map(c => (
          <option key={c.shortName} value={c.shortName}>
            {`${c.shortName} — ${c.title.replace(/\s+V\d+$/, '')}`}
          </option>
        ))}
      </datalist>
      <FieldError model={model} fields={['shortName', 'version']} />
      {model.productError && (
        <div className={`${CLASS}-fieldError`}>
          {trans.__('Could not list products: %1', model.productError)}
        </div>
      )}
      <div
        className={`${CLASS}-providers`}
        role="radiogroup"
        aria-label={trans.__('Provider')}
      >
        {(['', ...PROVIDERS] as const).map(p => (
          <label key={p || 'both'}>
            <input
              type="radio"
              className={`${CLASS}-provider-${p === '' ? 'both' : p === 'NSIDC_ECS' ? 'ecs' : 'cprd'}`}
              name={`${listId}-provider`}
              value={p}
              checked={state.provider === p}
              onChange={() => model.setState({ provider: p })}
            />
            {p === ''
              ? trans.__('Both')
              : p === 'NSIDC_ECS'
                ? trans.__('On-premises (NSIDC_ECS)')
                : trans.__('Cloud (NSIDC_CPRD)')}
          </label>
        ))}
      </div>
      <div className={`${CLASS}-row2`}>
        <label className={`${CLASS}-field ${CLASS}-grow`}>
          <span>{trans.__('From')}</span>
          <TextInput {...props} field="start" type="date" />
        </label>
        <label className={`${CLASS}-field ${CLASS}-grow`}>
          <span>{trans.__('To')}</span>
          <TextInput {...props} field="end" type="date" />
        </label>
      </div>
      <FieldError model={model} fields={['start', 'end']} />
      <AreaFields {...props} />
    </div>
  );
}

/**
 * The search area: a box (four edges) or a polygon (points), how the map
 * draws, and the map view.
 */
function AreaFields(props: ISectionProps): JSX.Element {
  const { model, trans } = props;
  const state = model.state;
  const views: [MapView, string][] = [
    ['global', trans.__('Global')],
    ['arctic', trans.__('Arctic')],
    ['antarctic', trans.__('Antarctic')]
  ];
  const modes: [DrawMode, string][] = [
    ['box', trans.__('Box')],
    ['polygon', trans.__('Polygon')]
  ];
  const polygon = state.draw === 'polygon' || !!state.polygon;
  return (
    <>
      <div className={`${CLASS}-bbox`}>
        {(
          [
            ['west', trans.__('W')],
            ['south', trans.__('S')],
            ['east', trans.__('E')],
            ['north', trans.__('N')]
          ] as const
        ).map(([field, label]) => (
          <label key={field} className={`${CLASS}-field`}>
            <span>{label}</span>
            <TextInput {...props} field={field} inputMode="decimal" />
          </label>
        ))}
        <button
          className={`${CLASS}-clearBox jp-mod-styled`}
          title={trans.__('Search everywhere')}
          onClick={() =>
            model.setState({ west: '', south: '', east: '', north: '' })
          }
        >
          {trans.__('Clear')}
        </button>
      </div>
      {polygon && (
        <div className={`${CLASS}-polygonRow`}>
          <label className={`${CLASS}-field ${CLASS}-grow`}>
            <span>{trans.__('Polygon (lon lat, …)')}</span>
            <TextInput {...props} field="polygon" />
          </label>
          <button
            className={`${CLASS}-clearPolygon jp-mod-styled`}
            onClick={() => model.setState({ polygon: '' })}
          >
            {trans.__('Clear')}
          </button>
        </div>
      )}
      <FieldError model={model} fields={['box', 'polygon']} />
      <Choices
        label={trans.__('Draw on the map')}
        choices={modes}
        value={state.draw}
        onChoose={draw => model.setState({ draw })}
      />
      <Choices
        label={trans.__('Map view')}
        choices={views}
        value={state.view}
        onChoose={view => model.setState({ view })}
      >
        <span className={`${CLASS}-hint`}>
          {state.draw === 'polygon'
            ? trans.__(
                'Click the points on the map; click the first point or press Enter to close, Backspace to undo, Escape to start again.'
              )
            : trans.__('Drag on the map to draw a box.')}
        </span>
      </Choices>
    </>
  );
}

/**
 * A row of toggle buttons choosing one value (a radio group).
 */
function Choices<T extends string>(props: {
  label: string;
  choices: [T, string][];
  value: T;
  onChoose: (value: T) => void;
  children?: React.ReactNode;
}): JSX.Element {
  return (
    <div
      className={`${CLASS}-views`}
      role="radiogroup"
      aria-label={props.label}
    >
      {props.choices.map(([value, label]) => (
        <button
          key={value}
          role="radio"
          aria-checked={props.value === value}
          className={`${CLASS}-view ${CLASS}-choice-${value} jp-mod-styled${props.value === value ? ' jp-mod-active' : ''}`}
          onClick={() => props.onChoose(value)}
        >
          {label}
        </button>
      ))}
      {props.children}
    </div>
  );
}

/**
 * Tracks, cycles, file-name pattern and the Search button.
 */
function FilterSection(props: ISectionProps): JSX.Element {
  const { model, trans } = props;
  const { tracks, cycles, namePattern } = model.state;
  const errors = model.errors;
  const [open, setOpen] = React.useState(!!(tracks || cycles || namePattern));
  const failed = !!(errors.tracks || errors.cycles || errors.namePattern);
  React.useEffect(() => {
    if (failed) {
      setOpen(true);
    }
  }, [failed]);
  return (
    <div className={`${CLASS}-section`}>
      <div className={`${CLASS}-note`}>
        {trans.__(
          'ICESat-2 footprints in CMR are coarse: a small box can miss granules. Draw a generous box, or filter by track and cycle.'
        )}
      </div>
      <details
        className={`${CLASS}-filters`}
        open={open}
        onToggle={e => setOpen(e.currentTarget.open)}
      >
        <summary>{trans.__('Track, cycle and file-name filters')}</summary>
        <div className={`${CLASS}-row2`}>
          <label className={`${CLASS}-field ${CLASS}-grow`}>
            <span>{trans.__('Tracks (RGT)')}</span>
            <TextInput {...props} field="tracks" placeholder="841, 1200-1210" />
          </label>
          <label className={`${CLASS}-field ${CLASS}-grow`}>
            <span>{trans.__('Cycles')}</span>
            <TextInput {...props} field="cycles" placeholder="3-5" />
          </label>
        </div>
        <FieldError model={model} fields={['tracks', 'cycles']} />
        <label className={`${CLASS}-field`}>
          <span>{trans.__('File name pattern')}</span>
          <TextInput {...props} field="namePattern" placeholder="ATL06_2019*" />
        </label>
        <FieldError model={model} fields={['namePattern', 'pageSize']} />
      </details>
      <button
        className={`${CLASS}-search jp-mod-styled jp-mod-accept`}
        disabled={!!model.dateError}
        title={
          model.dateError
            ? trans.__('Correct the dates first: %1', model.dateError)
            : undefined
        }
        onClick={() => model.start()}
      >
        {trans.__('Search')}
      </button>
    </div>
  );
}

interface ITextInputProps extends ISectionProps {
  field: Exclude<keyof IFormState, 'provider' | 'view' | 'draw'>;
  className?: string;
  type?: string;
  list?: string;
  placeholder?: string;
  inputMode?: 'decimal';
}

/**
 * A text field bound to one form field; Enter searches.
 */
function TextInput(props: ITextInputProps): JSX.Element {
  const { model, field } = props;
  const boxField = ['west', 'south', 'east', 'north'].includes(field);
  const invalid = !!model.errors[boxField ? 'box' : (field as SearchField)];
  return (
    <input
      className={`${props.className ?? `${CLASS}-${field}`} jp-mod-styled${invalid ? ' jp-mod-invalid' : ''}`}
      type={props.type ?? 'text'}
      list={props.list}
      placeholder={props.placeholder}
      inputMode={props.inputMode}
      aria-invalid={invalid}
      value={model.state[field]}
      onChange={e => model.setState({ [field]: e.currentTarget.value })}
      onKeyDown={e => {
        if (e.key === 'Enter') {
          model.start();
        }
      }}
    />
  );
}

/**
 * The messages of some fields, under them.
 */
function FieldError(props: {
  model: NsidcSearchModel;
  fields: SearchField[];
}): JSX.Element | null {
  const messages = props.fields
    .map(f => props.model.errors[f])
    .filter((m): m is string => !!m);
  if (!messages.length) {
    return null;
  }
  return (
    <div className={`${CLASS}-fieldError`} role="alert">
      {messages.join(' ')}
    </div>
  );
}
