import type { TranslationBundle } from '@jupyterlab/translation';
import { fileIcon, folderIcon } from '@jupyterlab/ui-components';
import React from 'react';

import { formatBytes } from '../format';
import { quotaLevel, rootLabel, usageText } from './home';
import { IHomeItem, IHomeReply, IHomeRoot } from './types';

/**
 * The properties of the home section.
 */
export interface IHomeProps {
  reply: IHomeReply;
  trans: TranslationBundle;
  /** Show a folder or file (a path of the file browser) in the file browser. */
  onOpen: (labPath: string) => void;
}

/**
 * The panel's "What fills your home" section: per scanned root (the home,
 * each writable shared root) its use against the quota and its ten largest
 * folders and files, each a button that shows it in the file browser.
 *
 * Roots carry `data-root` and `data-level`; items `data-path` and `data-bytes`.
 */
export function HomeSection(props: IHomeProps): JSX.Element {
  const { reply, trans } = props;
  return (
    <section
      className="jp-hackweek-MeterPanel-home"
      aria-label={trans.__('What fills your home')}
    >
      <h3>{trans.__('What fills your home')}</h3>
      {reply.roots.map(root => (
        <HomeRoot key={root.name} root={root} {...props} />
      ))}
    </section>
  );
}

function HomeRoot(props: IHomeProps & { root: IHomeRoot }): JSX.Element {
  const { root, trans } = props;
  const level = quotaLevel(root);
  const fraction =
    root.quota && root.used !== null ? Math.min(root.used / root.quota, 1) : 0;
  return (
    <div
      className={`jp-hackweek-MeterPanel-homeRoot jp-mod-${level}`}
      data-root={root.name}
      data-level={level}
    >
      <p className="jp-hackweek-MeterPanel-homeUse" title={root.path}>
        <strong>{rootLabel(root, trans)}</strong>{' '}
        <span data-bytes={root.used ?? ''} data-quota={root.quota ?? ''}>
          {usageText(root, trans)}
        </span>
      </p>
      {root.quota !== null && root.used !== null && (
        <span
          className="jp-hackweek-MeterPanel-homeBar"
          role="meter"
          aria-label={trans.__('%1 quota used', rootLabel(root, trans))}
          aria-valuemin={0}
          aria-valuemax={root.quota}
          aria-valuenow={root.used}
        >
          <span style={{ width: `${fraction * 100}%` }} />
        </span>
      )}
      {root.unreadable > 0 && (
        <p className="jp-hackweek-MeterPanel-status">
          {trans._n(
            '%1 folder could not be read; it counts by its own size only.',
            '%1 folders could not be read; they count by their own size only.',
            root.unreadable
          )}
        </p>
      )}
      {root.largest_folders.length > 0 && (
        <ItemList
          {...props}
          title={trans.__('Largest folders')}
          items={root.largest_folders}
          kind="folder"
        />
      )}
      {root.largest_files.length > 0 && (
        <ItemList
          {...props}
          title={trans.__('Largest files')}
          items={root.largest_files}
          kind="file"
        />
      )}
    </div>
  );
}

function ItemList(
  props: IHomeProps & {
    title: string;
    items: IHomeItem[];
    kind: 'folder' | 'file';
  }
): JSX.Element {
  const { title, items, kind, trans, onOpen } = props;
  const Icon = kind === 'folder' ? folderIcon : fileIcon;
  return (
    <>
      <h4>{title}</h4>
      <ol className="jp-hackweek-MeterPanel-homeItems" data-kind={kind}>
        {items.map(item => {
          const lab = item.lab_path;
          return (
            <li key={item.path} data-path={item.path} data-bytes={item.size}>
              <Icon.react tag="span" elementSize="small" />
              {lab === null ? (
                <span
                  className="jp-hackweek-MeterPanel-homePath"
                  title={trans.__(
                    '%1 (hidden, or outside the file browser’s folder)',
                    item.path
                  )}
                >
                  {item.path}
                </span>
              ) : (
                <button
                  className="jp-hackweek-MeterPanel-homePath"
                  title={trans.__('Show %1 in the file browser', item.path)}
                  onClick={() => onOpen(lab)}
                >
                  {item.path}
                </button>
              )}
              <span className="jp-hackweek-MeterPanel-homeSize">
                {formatBytes(item.size)}
              </span>
            </li>
          );
        })}
      </ol>
    </>
  );
}
