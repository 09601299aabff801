import { IRenderMimeRegistry, renderMarkdown } from '@jupyterlab/rendermime';
import { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import React, { useEffect, useRef } from 'react';

import { IDatasetDescription } from './types';

/**
 * Renders untrusted Markdown into a host node.
 */
export type MarkdownRenderer = (
  host: HTMLElement,
  source: string
) => Promise<void>;

/**
 * A renderer of dataset READMEs with JupyterLab's Markdown parser and HTML
 * sanitizer, as for an untrusted notebook: scripts, event handlers and
 * `javascript:` links are removed, and so are command-linker attributes.
 * Null without a Markdown parser (the
 * README is then shown as plain text).
 */
export function sanitizedMarkdown(
  rendermime: IRenderMimeRegistry | null,
  translator?: ITranslator
): MarkdownRenderer | null {
  if (!rendermime?.markdownParser) {
    return null;
  }
  const { sanitizer, markdownParser } = rendermime;
  return async (host, source) => {
    await renderMarkdown({
      host,
      source,
      trusted: false,
      sanitizer,
      markdownParser,
      resolver: null,
      linkHandler: null,
      latexTypesetter: null,
      shouldTypeset: false,
      translator
    });
    stripCommandLinks(host);
  };
}

/**
 * Remove `data-commandlinker-*` attributes, which the sanitizer keeps: a click
 * on such an element would run a JupyterLab command (CVE-2026-42557).
 */
export function stripCommandLinks(host: HTMLElement): void {
  for (const element of host.querySelectorAll('*')) {
    for (const name of element.getAttributeNames()) {
      if (name.toLowerCase().startsWith('data-commandlinker')) {
        element.removeAttribute(name);
      }
    }
  }
}

/**
 * Props of the folder description.
 */
export interface IDescriptionProps {
  description: IDatasetDescription;
  trans: TranslationBundle;
  /** Null: show the README as plain text. */
  renderMarkdown: MarkdownRenderer | null;
}

/**
 * A folder's dataset description, folded under its title: the fields of
 * `dataset.yaml`/`datapackage.json` as a definition list, then the README.
 */
export function Description(props: IDescriptionProps): JSX.Element {
  const { description, trans } = props;
  const fields: Array<[string, string, string | undefined]> = [
    ['description', trans.__('Description'), description.description],
    ['source', trans.__('Source'), description.source],
    ['citation', trans.__('Citation'), description.citation],
    ['licence', trans.__('Licence'), description.licence]
  ];
  const shown = fields.filter(([, , value]) => value);
  return (
    <details className="jp-hackweek-SharedDescription" open>
      <summary className="jp-hackweek-SharedDescription-title">
        {description.title ?? trans.__('About this folder')}
      </summary>
      {shown.length > 0 && (
        <dl className="jp-hackweek-SharedDescription-fields">
          {shown.map(([key, label, value]) => (
            <React.Fragment key={key}>
              <dt>{label}</dt>
              <dd data-field={key}>{value}</dd>
            </React.Fragment>
          ))}
        </dl>
      )}
      {description.readme &&
        (props.renderMarkdown ? (
          <Readme source={description.readme} render={props.renderMarkdown} />
        ) : (
          <pre className="jp-hackweek-SharedDescription-readme">
            {description.readme}
          </pre>
        ))}
    </details>
  );
}

/**
 * The README rendered off-document, then swapped in (a later source wins).
 */
function Readme(props: {
  source: string;
  render: MarkdownRenderer;
}): JSX.Element {
  const { source, render } = props;
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let current = true;
    const target = document.createElement('div');
    render(target, source)
      .catch(() => {
        target.textContent = source;
      })
      .then(() => {
        if (current) {
          host.current?.replaceChildren(...target.childNodes);
        }
      });
    return () => {
      current = false;
    };
  }, [source, render]);
  return (
    <div
      ref={host}
      className="jp-hackweek-SharedDescription-readme jp-RenderedHTMLCommon"
    />
  );
}
