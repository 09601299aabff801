/**
 * The downloads service's token and the interfaces it exposes; the server's
 * reply shapes are in `types.ts`.
 */

import { Token } from '@lumino/coreutils';
import { ISignal } from '@lumino/signaling';

import type { ICapabilitiesReply, IDownloadReply } from './types';

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
 * A Harmony subset order, as the search panel makes it.
 */
export interface IOrderRequest {
  short_name: string;
  version: string;
  /**
   * The cloud collection (provider NSIDC_CPRD) Harmony cuts from.
   */
  collection_id: string;
  /**
   * The granules' file names (at most 2,000).
   */
  granules: string[];
  /**
   * `[west, south, east, north]`; west > east crosses the antimeridian.
   */
  bbox?: [number, number, number, number] | null;
  /**
   * A ring of `[lon, lat]` points.
   */
  polygon?: [number, number][] | null;
  /**
   * ISO 8601 instants; either may be left out.
   */
  start?: string | null;
  end?: string | null;
  /**
   * A folder relative to home (default `~/data/<short_name>/<version>/`).
   */
  destination?: string;
}

/**
 * The downloads service: other features (the data search) start downloads with it.
 */
export interface IDownloads {
  /**
   * Queue granules for download on the server, into `~/data/<shortName>/<version>/`
   * unless `destination` (a folder relative to home) is given. With no
   * Earthdata login saved, asks for one first and resolves null (nothing
   * queued) if the user cancels. Rejects with the server's message (e.g. not
   * enough free space).
   */
  start(
    granules: IDownloadGranule[],
    shortName: string,
    version: string,
    destination?: string
  ): Promise<IDownloadReply | null>;
  /**
   * Order subsets of granules from NASA Harmony; the order is followed on the
   * server and its results are downloaded like granules. Rejects with the
   * server's message (e.g. a collection Harmony cannot subset, a login needed).
   */
  order(request: IOrderRequest): Promise<IDownloadReply>;
  /**
   * What Harmony can cut a collection to.
   */
  capabilities(collectionId: string): Promise<ICapabilitiesReply>;
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
