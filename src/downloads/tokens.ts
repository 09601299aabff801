/**
 * The downloads service's token and the interfaces it exposes; the server's
 * reply shapes are in `types.ts`.
 */

import { Token } from '@lumino/coreutils';
import { ISignal } from '@lumino/signaling';

import type { IDownloadReply } from './types';

/**
 * A checksum CMR gives for a granule.
 */
export interface IChecksum {
  algorithm: 'MD5' | 'SHA-256';
  /**
   * The hexadecimal digest.
   */
  value: string;
}

/**
 * A granule to download, as the search panel knows it.
 */
export interface IDownloadGranule {
  /**
   * The file name (CMR's `producer_granule_id`); the server makes it a plain file name.
   */
  name: string;
  /**
   * The https data link (on an NSIDC/Earthdata data host).
   */
  url: string;
  /**
   * The size in bytes, when CMR gives one (checked before the file is shown).
   */
  size_bytes?: number | null;
  /**
   * The checksum, when CMR gives one (checked before the file is shown).
   */
  checksum?: IChecksum | null;
}

/**
 * The downloads service: other features (the data search) start downloads with it.
 */
export interface IDownloads {
  /**
   * Queue granules for download on the server, into `~/data/<shortName>/<version>/`
   * unless `destination` (a folder relative to home) is given. Rejects with the
   * server's message (e.g. not enough free space).
   */
  start(
    granules: IDownloadGranule[],
    shortName: string,
    version: string,
    destination?: string
  ): Promise<IDownloadReply>;
  /**
   * The downloads the server knows, newest last.
   */
  readonly downloads: readonly IDownloadReply[];
  /**
   * Emitted whenever the downloads or the login status change.
   */
  readonly changed: ISignal<IDownloads, void>;
}

/**
 * The downloads service token.
 */
export const IDownloads = new Token<IDownloads>(
  'jupyterlab-hackweek:IDownloads',
  'Starts and follows granule downloads (Earthdata Login) on the Jupyter server.'
);
