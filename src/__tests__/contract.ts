/**
 * The contract between the server's recorded replies
 * (`src/__fixtures__/replies/*.json`) and the front end's reply types, checked
 * by the type checker (not a spec itself): `contract.spec.ts` compiles this
 * file alone, and so does `tsc -p tsconfig.test.json`.
 *
 * Two checks per reply:
 * - every field the TypeScript interface requires is in the recorded reply,
 *   with the JSON type it declares (`Sends`);
 * - every field of the recorded reply, at every depth, is declared by the
 *   interface (`Undeclared` is `never`), so a field the server added or renamed
 *   is seen.
 *
 * Literal unions (`state: 'done' | …`) are compared as their JSON type
 * (`string`), since a JSON module's strings are plain `string`s.
 *
 * This file imports only the fixtures and the `types.ts` modules (no DOM, no
 * jest), so that it compiles in about a second.
 */
import binderEnvironment from '../__fixtures__/replies/binder-environment.json';
import cmrCollections from '../__fixtures__/replies/cmr-collections.json';
import cmrGranules from '../__fixtures__/replies/cmr-granules.json';
import daskClusters from '../__fixtures__/replies/dask-clusters.json';
import downloadCleared from '../__fixtures__/replies/download-cleared.json';
import download from '../__fixtures__/replies/download.json';
import downloadOrder from '../__fixtures__/replies/download-order.json';
import downloadsCapabilities from '../__fixtures__/replies/downloads-capabilities.json';
import downloadsLoginNone from '../__fixtures__/replies/downloads-login-none.json';
import downloadsLogin from '../__fixtures__/replies/downloads-login.json';
import downloads from '../__fixtures__/replies/downloads.json';
import errorInternal from '../__fixtures__/replies/error-internal.json';
import gitStateProblem from '../__fixtures__/replies/git-state-problem.json';
import gitState from '../__fixtures__/replies/git-state.json';
import metrics from '../__fixtures__/replies/metrics.json';
import metricsHome from '../__fixtures__/replies/metrics-home.json';
import sharedCopyConflict from '../__fixtures__/replies/shared-copy-conflict.json';
import sharedCopy from '../__fixtures__/replies/shared-copy.json';
import sharedList from '../__fixtures__/replies/shared-list.json';
import sharedPreview from '../__fixtures__/replies/shared-preview.json';
import sharedProgress from '../__fixtures__/replies/shared-progress.json';
import sharedRoots from '../__fixtures__/replies/shared-roots.json';
import sharedSize from '../__fixtures__/replies/shared-size.json';
import version from '../__fixtures__/replies/version.json';

import downloadCreated from '../__fixtures__/replies/download-created.json';
import errorCmrTimeout from '../__fixtures__/replies/error-cmr-timeout.json';
import errorDownloadsNoSpace from '../__fixtures__/replies/error-downloads-no-space.json';
import errorOrderLogin from '../__fixtures__/replies/error-order-login.json';
import errorRefused from '../__fixtures__/replies/error-refused.json';
import metricsOom from '../__fixtures__/replies/metrics-oom.json';
import sharedDescribe from '../__fixtures__/replies/shared-describe.json';
import sharedFind from '../__fixtures__/replies/shared-find.json';
import sharedListDescribed from '../__fixtures__/replies/shared-list-described.json';
import sharedMkdir from '../__fixtures__/replies/shared-mkdir.json';
import sharedPublish from '../__fixtures__/replies/shared-publish.json';

import type { ICaptureReply, IGitStateReply } from '../binder/types';
import type {
  ICapabilitiesReply,
  IClearedReply,
  IDownloadReply,
  IDownloadsListReply,
  ILoginStatus
} from '../downloads/types';
import type { IVersionReply } from '../handshake/version';
import type {
  IDaskClustersReply,
  IHomeReply,
  IMetricsReply
} from '../meter/types';
import type { ICollectionsReply, IGranulesReply } from '../nsidc/types';
import type { IErrorReply } from '../types';
import type {
  ICopyReply,
  IFindReply,
  IFolderReply,
  IListReply,
  IPreviewReply,
  IRootsReply,
  ISizeReply,
  ITransferProgress
} from '../shared/types';

/**
 * Every recorded reply, by the name pytest records it under.
 */
export const RECORDED = {
  'binder-environment': binderEnvironment,
  'cmr-collections': cmrCollections,
  'cmr-granules': cmrGranules,
  'dask-clusters': daskClusters,
  download,
  'download-cleared': downloadCleared,
  'download-created': downloadCreated,
  'download-order': downloadOrder,
  downloads,
  'downloads-capabilities': downloadsCapabilities,
  'downloads-login': downloadsLogin,
  'downloads-login-none': downloadsLoginNone,
  'error-cmr-timeout': errorCmrTimeout,
  'error-downloads-no-space': errorDownloadsNoSpace,
  'error-order-login': errorOrderLogin,
  'error-internal': errorInternal,
  'error-refused': errorRefused,
  'git-state': gitState,
  'git-state-problem': gitStateProblem,
  metrics,
  'metrics-home': metricsHome,
  'metrics-oom': metricsOom,
  'shared-copy': sharedCopy,
  'shared-copy-conflict': sharedCopyConflict,
  'shared-describe': sharedDescribe,
  'shared-find': sharedFind,
  'shared-list': sharedList,
  'shared-list-described': sharedListDescribed,
  'shared-mkdir': sharedMkdir,
  'shared-publish': sharedPublish,
  'shared-preview': sharedPreview,
  'shared-progress': sharedProgress,
  'shared-roots': sharedRoots,
  'shared-size': sharedSize,
  version
};

/**
 * The type the front end reads each recorded reply as.
 */
export interface IReplies {
  'binder-environment': ICaptureReply;
  'cmr-collections': ICollectionsReply;
  'cmr-granules': IGranulesReply;
  'dask-clusters': IDaskClustersReply;
  download: IDownloadReply;
  'download-cleared': IClearedReply;
  'download-created': IDownloadReply;
  'download-order': IDownloadReply;
  downloads: IDownloadsListReply;
  'downloads-capabilities': ICapabilitiesReply;
  'downloads-login': ILoginStatus;
  'downloads-login-none': ILoginStatus;
  'error-cmr-timeout': IErrorReply;
  'error-downloads-no-space': IErrorReply;
  'error-order-login': IErrorReply;
  'error-internal': IErrorReply;
  'error-refused': IErrorReply;
  'git-state': IGitStateReply;
  'git-state-problem': IGitStateReply;
  metrics: IMetricsReply;
  'metrics-home': IHomeReply;
  'metrics-oom': IMetricsReply;
  'shared-copy': ICopyReply;
  'shared-copy-conflict': IErrorReply;
  'shared-describe': IFolderReply;
  'shared-find': IFindReply;
  'shared-list': IListReply;
  'shared-list-described': IListReply;
  'shared-mkdir': IFolderReply;
  'shared-publish': ICopyReply;
  'shared-preview': IPreviewReply;
  'shared-progress': ITransferProgress;
  'shared-roots': IRootsReply;
  'shared-size': ISizeReply;
  version: IVersionReply;
}

/**
 * A reply type with its literal unions widened to their JSON types (tuples
 * to arrays), as a JSON module's type has them.
 */
type Loose<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T extends readonly (infer U)[]
        ? Loose<U>[]
        : T extends object
          ? { [K in keyof T]: Loose<T[K]> }
          : T;

/**
 * The paths (`files[].link`) of the fields of `J` (a recorded reply) that `T`
 * (its TypeScript type) does not declare; `never` when it declares them all.
 */
type Undeclared<J, T> = unknown extends T
  ? never
  : J extends readonly (infer JU)[]
    ? NonNullable<T> extends readonly (infer TU)[]
      ? Prefixed<'[]', Undeclared<JU, TU>>
      : never
    : J extends object
      ? {
          [K in keyof J & string]: K extends keyof NonNullable<T>
            ? Prefixed<`.${K}`, Undeclared<J[K], NonNullable<T>[K]>>
            : `.${K}`;
        }[keyof J & string]
      : never;

type Prefixed<P extends string, S> = S extends string ? `${P}${S}` : never;

/**
 * Fields the server sends that the front end's types do not declare yet,
 * each a finding of the contract reported for `types.ts` (remove an entry once
 * its type declares the field; a new one fails this file).
 */
type KnownUndeclared = never;

/**
 * Every recorded field the types do not declare, as `name: path`.
 */
type AllUndeclared = {
  [K in keyof IReplies]: Prefixed<
    `${K}: `,
    Undeclared<(typeof RECORDED)[K], IReplies[K]>
  >;
}[keyof IReplies];

/**
 * Fails to compile, naming the field, when a recorded reply holds a field its
 * type does not declare (and that is not a known finding).
 */
export const undeclared: NoneOf<Exclude<AllUndeclared, KnownUndeclared>> = true;

/**
 * `true` when `S` is empty, else `S` itself (so the error names it).
 */
type NoneOf<S> = [S] extends [never] ? true : S;

/**
 * The names of the recorded replies that lack a field their type requires, or
 * send one with another JSON type.
 */
type Mismatched = {
  [K in keyof IReplies]: (typeof RECORDED)[K] extends Loose<IReplies[K]>
    ? never
    : K;
}[keyof IReplies];

/**
 * Fails to compile, naming the replies, when a recorded reply lacks a field
 * its type requires or sends one with another JSON type.
 */
export const mismatched: NoneOf<Mismatched> = true;

/**
 * The same check, failing with the first field that differs.
 */
export const sends: { [K in keyof IReplies]: Loose<IReplies[K]> } = RECORDED;
