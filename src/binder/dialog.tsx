/**
 * The body of the "Open in Binder" dialog: a `VDomRenderer` of `BinderDialogModel`.
 *
 * Every piece of text from the repository (remote URLs, branch names, paths,
 * messages) is rendered as React text, never as HTML.
 */
import { Clipboard, VDomRenderer } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { BinderDialogModel, HostCheck, IRefChoice } from './model';
import { CaptureKind } from './types';

/**
 * The dialog body; `model` holds the state, this only renders it.
 */
export class BinderDialogBody extends VDomRenderer<BinderDialogModel> {
  constructor(model: BinderDialogModel, trans: TranslationBundle) {
    super(model);
    this._trans = trans;
    this.addClass('jp-hackweek-BinderDialog');
  }

  protected render(): React.ReactElement {
    return <BinderDialogView model={this.model} trans={this._trans} />;
  }

  private _trans: TranslationBundle;
}

/**
 * Props of the dialog view.
 */
interface IViewProps {
  model: BinderDialogModel;
  trans: TranslationBundle;
}

const CAPTURES: CaptureKind[] = ['conda', 'pip', 'dockerfile'];

/**
 * The dialog's content.
 */
function BinderDialogView({ model, trans }: IViewProps): React.ReactElement {
  const git = model.reply.git;
  const link = model.link;
  const badges = model.badges;
  const puller = model.pullerLink;
  const remotes = git?.remotes ?? [];
  return (
    <>
      <div className="jp-hackweek-BinderDialog-row">
        <label className="jp-hackweek-BinderDialog-label">
          {trans.__('Source')}
          <select
            className="jp-mod-styled"
            value={model.mode === 'zenodo' ? '\0zenodo' : (model.remote ?? '')}
            onChange={e => {
              const value = e.currentTarget.value;
              model.mode = value === '\0zenodo' ? 'zenodo' : 'git';
              if (value !== '\0zenodo') {
                model.remote = value;
              }
            }}
          >
            {model.remote === null && (
              <option value="">{trans.__('Choose a remote…')}</option>
            )}
            {remotes.map(r => (
              <option key={r.name} value={r.name} disabled={!r.url}>
                {`${r.name} — ${r.url ?? trans.__('no address others can clone')}`}
              </option>
            ))}
            <option value={'\0zenodo'}>{trans.__('A Zenodo DOI…')}</option>
          </select>
        </label>
        {model.mode === 'zenodo' && (
          <input
            className="jp-mod-styled jp-hackweek-BinderDialog-field"
            placeholder={trans.__('DOI, e.g. %1', '10.5281/zenodo.1234567')}
            aria-label={trans.__('Zenodo DOI')}
            value={model.doi}
            onChange={e => (model.doi = e.currentTarget.value)}
          />
        )}
      </div>
      {model.mode === 'git' && model.refChoices.length > 0 && (
        <div className="jp-hackweek-BinderDialog-row">
          <label className="jp-hackweek-BinderDialog-label">
            {trans.__('Version')}
            <select
              className="jp-mod-styled"
              value={model.refChoices.findIndex(
                c => c.kind === model.ref?.kind && c.ref === model.ref?.ref
              )}
              onChange={e =>
                (model.ref = model.refChoices[Number(e.currentTarget.value)])
              }
            >
              {model.refChoices.map((choice, i) => (
                <option key={`${choice.kind}:${choice.ref}`} value={i}>
                  {refLabel(choice, trans)}
                </option>
              ))}
            </select>
          </label>
          <code
            className="jp-hackweek-BinderDialog-commit"
            title={trans.__('HEAD commit')}
          >
            {git?.head}
          </code>
        </div>
      )}
      <div className="jp-hackweek-BinderDialog-row">
        <label className="jp-hackweek-BinderDialog-label">
          {trans.__('BinderHub')}
          <input
            className="jp-mod-styled jp-hackweek-BinderDialog-field"
            value={model.host}
            onChange={e => (model.host = e.currentTarget.value)}
          />
        </label>
        <HostCheckLine check={model.hostCheck} trans={trans} />
      </div>
      {model.warnings.length > 0 && (
        <ul className="jp-hackweek-BinderDialog-warnings">
          {model.warnings.map(w => (
            <li
              key={w.id}
              className="jp-hackweek-BinderDialog-warning"
              data-warning={w.id}
            >
              {w.message}
            </li>
          ))}
        </ul>
      )}
      {link ? (
        <div className="jp-hackweek-BinderDialog-row">
          <a
            className="jp-hackweek-BinderDialog-link"
            href={link}
            target="_blank"
            rel="noopener noreferrer"
          >
            {link}
          </a>
          <div className="jp-hackweek-BinderDialog-buttons">
            <button
              className="jp-mod-styled jp-mod-accept"
              onClick={() => window.open(link, '_blank', 'noopener')}
            >
              {trans.__('Launch')}
            </button>
            <CopyButton text={link} trans={trans} />
          </div>
        </div>
      ) : (
        <p className="jp-hackweek-BinderDialog-nolink">{model.linkProblem}</p>
      )}
      {badges && (
        <details className="jp-hackweek-BinderDialog-section">
          <summary>{trans.__('Badges')}</summary>
          <Snippet
            label={trans.__('Markdown')}
            text={badges.markdown}
            trans={trans}
          />
          <Snippet
            label={trans.__('reStructuredText')}
            text={badges.rst}
            trans={trans}
          />
          <Snippet label={trans.__('HTML')} text={badges.html} trans={trans} />
        </details>
      )}
      <details className="jp-hackweek-BinderDialog-section jp-hackweek-BinderDialog-puller">
        <summary>{trans.__('Link for a JupyterHub (nbgitpuller)')}</summary>
        <div className="jp-hackweek-BinderDialog-row">
          <label className="jp-hackweek-BinderDialog-label">
            {trans.__('JupyterHub')}
            <input
              className="jp-mod-styled jp-hackweek-BinderDialog-field"
              type="url"
              placeholder={trans.__('e.g. %1', 'https://hub.example.org/hub/')}
              value={model.hub}
              onChange={e => (model.hub = e.currentTarget.value)}
            />
          </label>
        </div>
        {puller ? (
          <Snippet
            label={trans.__(
              'Clones or updates the repository in %1 of your home on the hub, then opens %2',
              model.pullerFolder ?? '',
              git?.labpath ?? ''
            )}
            text={puller}
            trans={trans}
          />
        ) : (
          <p className="jp-hackweek-BinderDialog-nolink">
            {model.pullerProblem}
          </p>
        )}
      </details>
      {git && (
        <details
          className="jp-hackweek-BinderDialog-section"
          open={model.reply.environment?.files.length === 0}
        >
          <summary>{trans.__('Environment for Binder')}</summary>
          <p>
            {model.reply.environment?.files.length
              ? trans.__(
                  'Binder will build from: %1',
                  model.reply.environment.files.join(', ')
                )
              : trans.__(
                  'No environment file yet. Write one from this server:'
                )}
          </p>
          <div className="jp-hackweek-BinderDialog-buttons">
            {CAPTURES.map(kind => (
              <button
                key={kind}
                className="jp-mod-styled"
                disabled={
                  model.busy ||
                  (kind === 'dockerfile' && !model.reply.hub_image)
                }
                onClick={() => void model.capture(kind)}
              >
                {captureLabel(kind, model.reply.hub_image, trans)}
              </button>
            ))}
          </div>
          <label>
            <input
              type="checkbox"
              checked={model.overwrite}
              onChange={e => (model.overwrite = e.currentTarget.checked)}
            />
            {trans.__('Replace an existing file')}
          </label>
          {model.captureStatus && (
            <p className="jp-hackweek-BinderDialog-status">
              {model.captureStatus}
            </p>
          )}
        </details>
      )}
    </>
  );
}

/**
 * A labelled read-only snippet with a copy button.
 */
function Snippet(props: {
  label: string;
  text: string;
  trans: TranslationBundle;
}): React.ReactElement {
  return (
    <div className="jp-hackweek-BinderDialog-snippet">
      <span>{props.label}</span>
      <textarea
        className="jp-mod-styled"
        aria-label={props.label}
        readOnly
        rows={props.text.split('\n').length}
        value={props.text}
      />
      <CopyButton text={props.text} trans={props.trans} />
    </div>
  );
}

/**
 * How long a copy button reads "Copied".
 */
const COPIED_MS = 2000;

/**
 * A button that copies `text` to the clipboard and reads "Copied" for a moment.
 */
function CopyButton(props: {
  text: string;
  trans: TranslationBundle;
}): React.ReactElement {
  const [copied, setCopied] = React.useState(false);
  React.useEffect(() => {
    if (!copied) {
      return;
    }
    const timer = setTimeout(() => setCopied(false), COPIED_MS);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      className={`jp-mod-styled jp-hackweek-BinderDialog-copy${copied ? ' jp-mod-copied' : ''}`}
      aria-live="polite"
      onClick={() => {
        Clipboard.copyToSystem(props.text);
        setCopied(true);
      }}
    >
      {copied ? props.trans.__('Copied') : props.trans.__('Copy')}
    </button>
  );
}

/**
 * Whether the custom BinderHub answered, under its field.
 */
function HostCheckLine(props: {
  check: HostCheck;
  trans: TranslationBundle;
}): React.ReactElement | null {
  const { check, trans } = props;
  if (check === null) {
    return null;
  }
  let text: string;
  if (check === 'checking') {
    text = trans.__('Asking this host whether it is a BinderHub…');
  } else {
    switch (check.outcome) {
      case 'binderhub':
        text = trans.__(
          'This host answered as a BinderHub (version %1).',
          check.version ?? ''
        );
        break;
      case 'not-binderhub':
        text = trans.__(
          'This host answered, but not as a BinderHub (%1 from %2): check the address.',
          check.detail ?? '',
          check.url ?? ''
        );
        break;
      case 'unreachable':
        text = trans.__(
          'This host did not answer as a BinderHub (%1): check the address, or it may be down.',
          check.detail ?? ''
        );
        break;
      default:
        text = trans.__('Type an address starting with https://.');
    }
  }
  const state = check === 'checking' ? 'checking' : check.outcome;
  return (
    <p
      className={`jp-hackweek-BinderDialog-hostCheck jp-mod-${state}`}
      data-state={state}
      role="status"
    >
      {text}
    </p>
  );
}

function refLabel(choice: IRefChoice, trans: TranslationBundle): string {
  switch (choice.kind) {
    case 'commit':
      return trans.__('This commit (%1)', choice.ref.slice(0, 7));
    case 'branch':
      return trans.__('Branch %1 (moves with new commits)', choice.ref);
    default:
      return trans.__('Tag %1', choice.ref);
  }
}

function captureLabel(
  kind: CaptureKind,
  image: string | null,
  trans: TranslationBundle
): string {
  switch (kind) {
    case 'conda':
      return trans.__('environment.yml (conda)');
    case 'pip':
      return trans.__('requirements.txt (pip)');
    default:
      return image
        ? trans.__('Dockerfile FROM %1', image)
        : trans.__('Dockerfile (hub image unknown)');
  }
}
