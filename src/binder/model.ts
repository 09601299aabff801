/**
 * The state of the "Open in Binder" dialog: the server's reply plus the user's choices.
 */
import { VDomModel } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { Debouncer } from '@lumino/polling';
import { Signal } from '@lumino/signaling';

import { IProbeResult, probeBinderHub } from './probe';
import { CaptureKind, IGitStateReply } from './types';
import {
  badges,
  binderUrl,
  IBadges,
  nbgitpullerFolder,
  nbgitpullerUrl,
  normaliseHost,
  sourceFromRemote,
  zenodoUrl
} from './url';
import { binderWarnings, IBinderWarning } from './warnings';

/**
 * One version the link can point at.
 */
export interface IRefChoice {
  kind: 'commit' | 'branch' | 'tag';
  ref: string;
}

/**
 * The check of a custom BinderHub: `null` for a known host (mybinder.org or
 * the admin's default), `'checking'` while its `/versions` is asked.
 */
export type HostCheck = IProbeResult | 'checking' | null;

/**
 * Wait this long after the last keystroke in the host field before asking the host.
 */
const PROBE_DEBOUNCE_MS = 600;

/**
 * The dialog's model: choices emit `stateChanged` (from `VDomModel`) only
 * when they change.
 */
export class BinderDialogModel extends VDomModel {
  constructor(options: BinderDialogModel.IOptions) {
    super();
    this._options = options;
    this._reply = options.reply;
    this._host = options.host;
    this._hub = options.hubUrl ?? '';
    this._remote =
      options.reply.git?.default_remote ??
      options.reply.git?.remotes.find(r => r.url)?.name ??
      null;
    this._ref = this.refChoices[0] ?? null;
    this._probe = new Debouncer(() => this._probeHost(), PROBE_DEBOUNCE_MS);
    this._checkHost('now');
  }

  /**
   * Dispose of the model; safe to call twice.
   */
  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._probe.dispose();
    Signal.clearData(this);
    super.dispose();
  }

  /**
   * The server's last reply.
   */
  get reply(): IGitStateReply {
    return this._reply;
  }

  /**
   * The chosen remote's name.
   */
  get remote(): string | null {
    return this._remote;
  }
  set remote(value: string | null) {
    if (this._remote !== value) {
      this._remote = value;
      this.stateChanged.emit();
    }
  }

  /**
   * Link to the git remote, or to a Zenodo DOI.
   */
  get mode(): 'git' | 'zenodo' {
    return this._mode;
  }
  set mode(value: 'git' | 'zenodo') {
    if (this._mode !== value) {
      this._mode = value;
      this.stateChanged.emit();
    }
  }

  /**
   * The Zenodo DOI typed by the user.
   */
  get doi(): string {
    return this._doi;
  }
  set doi(value: string) {
    if (this._doi !== value) {
      this._doi = value;
      this.stateChanged.emit();
    }
  }

  /**
   * The BinderHub base URL.
   */
  get host(): string {
    return this._host;
  }
  set host(value: string) {
    if (this._host !== value) {
      this._host = value;
      this._checkHost('when-typing-pauses');
      this.stateChanged.emit();
    }
  }

  /**
   * The JupyterHub address (`/hub/` URL) the nbgitpuller link opens on.
   */
  get hub(): string {
    return this._hub;
  }
  set hub(value: string) {
    if (this._hub !== value) {
      this._hub = value;
      this.stateChanged.emit();
    }
  }

  /**
   * Whether the custom host answered as a BinderHub (see `HostCheck`).
   */
  get hostCheck(): HostCheck {
    return this._hostCheck;
  }

  /**
   * The chosen version.
   */
  get ref(): IRefChoice | null {
    return this._ref;
  }
  set ref(value: IRefChoice | null) {
    if (this._ref !== value) {
      this._ref = value;
      this.stateChanged.emit();
    }
  }

  /**
   * Whether an environment capture may replace an existing file.
   */
  get overwrite(): boolean {
    return this._overwrite;
  }
  set overwrite(value: boolean) {
    if (this._overwrite !== value) {
      this._overwrite = value;
      this.stateChanged.emit();
    }
  }

  /**
   * The outcome of the last environment capture, for people.
   */
  get captureStatus(): string {
    return this._captureStatus;
  }

  /**
   * Whether a capture is running.
   */
  get busy(): boolean {
    return this._busy;
  }

  /**
   * The versions to choose from: the commit (default), the branch, the tags at HEAD.
   */
  get refChoices(): IRefChoice[] {
    const git = this._reply.git;
    if (!git?.head) {
      return [];
    }
    const choices: IRefChoice[] = [{ kind: 'commit', ref: git.head }];
    if (git.branch) {
      choices.push({ kind: 'branch', ref: git.branch });
    }
    return choices.concat(git.tags.map(ref => ({ kind: 'tag' as const, ref })));
  }

  /**
   * The launch link, or `null` (see `linkProblem`).
   */
  get link(): string | null {
    const labpath = this._reply.git?.labpath;
    if (this._mode === 'zenodo') {
      return zenodoUrl(this._host, this._doi, labpath);
    }
    const remote = this._reply.git?.remotes.find(r => r.name === this._remote);
    const source = remote?.url ? sourceFromRemote(remote.url) : null;
    if (!source || !this._ref) {
      return null;
    }
    return binderUrl(this._host, source, this._ref.ref, labpath);
  }

  /**
   * Why there is no link, for people; `null` when there is one.
   */
  get linkProblem(): string | null {
    const trans = this._options.trans;
    if (this.link) {
      return null;
    }
    if (this._mode === 'zenodo') {
      return this._doi
        ? trans.__('This is not a DOI or the BinderHub URL is not valid.')
        : trans.__('Type the DOI of a Zenodo record.');
    }
    const git = this._reply.git;
    if (!git) {
      return this._reply.problem?.message ?? trans.__('No git repository.');
    }
    if (!git.remotes.some(r => r.url)) {
      return trans.__(
        'This repository has no remote on a git host: push it to GitHub, GitLab or another host first.'
      );
    }
    if (!git.head) {
      return trans.__('This repository has no commit yet.');
    }
    return trans.__(
      'Choose a remote, and check the BinderHub URL (it must start with https://).'
    );
  }

  /**
   * Badges for the link.
   */
  get badges(): IBadges | null {
    const link = this.link;
    return link ? badges(this._host, link) : null;
  }

  /**
   * An nbgitpuller link that opens the notebook on this hub, or `null`.
   */
  get pullerLink(): string | null {
    const git = this._reply.git;
    const remote = git?.remotes.find(r => r.name === this._remote);
    if (!git || !remote?.url) {
      return null;
    }
    const branch =
      this._ref && this._ref.kind !== 'commit' ? this._ref.ref : git.branch;
    return nbgitpullerUrl(this._hub, remote.url, branch, git.labpath);
  }

  /**
   * Why there is no nbgitpuller link, for people; `null` when there is one.
   */
  get pullerProblem(): string | null {
    const trans = this._options.trans;
    if (this.pullerLink) {
      return null;
    }
    if (!this.pullerFolder) {
      return trans.__(
        'Choose a remote that others can clone: nbgitpuller clones the repository from it.'
      );
    }
    return this._hub.trim()
      ? trans.__(
          'The hub address must start with https:// (or http://), e.g. %1.',
          'https://hub.example.org/hub/'
        )
      : trans.__(
          "Type the hub's address to make the link, e.g. %1.",
          'https://hub.example.org/hub/'
        );
  }

  /**
   * Where the nbgitpuller link clones the repository in the user's home on
   * the hub (below the hub's `NBGITPULLER_PARENTPATH`), or `null`.
   */
  get pullerFolder(): string | null {
    const remote = this._reply.git?.remotes.find(r => r.name === this._remote);
    return remote?.url
      ? nbgitpullerFolder(remote.url, this._reply.nbgitpuller_parentpath)
      : null;
  }

  /**
   * What to fix before sharing the link.
   */
  get warnings(): IBinderWarning[] {
    return binderWarnings(
      {
        reply: this._reply,
        remote: this._remote,
        dirty: this._options.dirty,
        sources: this._options.sources
      },
      this._options.trans
    );
  }

  /**
   * Write an environment file into the repository, then re-read the git state.
   */
  async capture(kind: CaptureKind): Promise<void> {
    const trans = this._options.trans;
    this._busy = true;
    this._captureStatus = trans.__('Writing…');
    this.stateChanged.emit();
    try {
      const written = await this._options.capture(kind, this._overwrite);
      this._captureStatus = trans.__(
        'Wrote %1: commit and push it for Binder to use it.',
        written
      );
      this._reply = await this._options.refresh();
    } catch (error) {
      this._captureStatus = (error as Error).message;
    } finally {
      this._busy = false;
      this.stateChanged.emit();
    }
  }

  /**
   * Check the host: nothing to ask for a known one; ask a custom host's
   * `/versions` now (the dialog opens) or once typing pauses (a newer host
   * cancels a pending question, and an answer about an older one is dropped).
   */
  private _checkHost(when: 'now' | 'when-typing-pauses'): void {
    const base = normaliseHost(this._host);
    const known = [KNOWN_HOST, this._reply.binderhub_url].map(normaliseHost);
    if (base && known.includes(base)) {
      this._hostCheck = null;
      void this._probe.stop();
      return;
    }
    this._hostCheck = 'checking';
    if (when === 'now') {
      void this._probeHost();
    } else {
      void this._probe.invoke();
    }
  }

  /**
   * Ask the current host whether it is a BinderHub and show the answer.
   */
  private async _probeHost(): Promise<void> {
    const host = this._host;
    const probe = this._options.probe ?? probeBinderHub;
    const result = await probe(host);
    if (!this.isDisposed && this._host === host) {
      this._hostCheck = result;
      this.stateChanged.emit();
    }
  }

  private _probe: Debouncer<void>;
  private _options: BinderDialogModel.IOptions;
  private _reply: IGitStateReply;
  private _remote: string | null;
  private _mode: 'git' | 'zenodo' = 'git';
  private _doi = '';
  private _host: string;
  private _hub: string;
  private _ref: IRefChoice | null;
  private _overwrite = false;
  private _captureStatus = '';
  private _busy = false;
  private _hostCheck: HostCheck = null;
}

/**
 * The public BinderHub federation, known to be one.
 */
const KNOWN_HOST = 'https://mybinder.org';

/**
 * A namespace for `BinderDialogModel` statics.
 */
export namespace BinderDialogModel {
  /**
   * The options of a dialog model.
   */
  export interface IOptions {
    reply: IGitStateReply;
    /** The BinderHub to start with (user setting, else the admin's default). */
    host: string;
    /**
     * The hub address to start the nbgitpuller link with (the admin's
     * `BinderExport.hub_url`, else this hub's `/hub/` URL); `null` off a hub.
     */
    hubUrl: string | null;
    /** Unsaved changes in the browser. */
    dirty: boolean;
    /** The notebook's code cell sources. */
    sources: string[];
    trans: TranslationBundle;
    /** Write an environment file; resolves to its path. */
    capture: (kind: CaptureKind, overwrite: boolean) => Promise<string>;
    /** Read the git state again. */
    refresh: () => Promise<IGitStateReply>;
    /** Ask whether a custom host is a BinderHub; `probeBinderHub` by default. */
    probe?: (host: string) => Promise<IProbeResult>;
  }
}
