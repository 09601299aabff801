/**
 * What to warn about before sharing a Binder link: pure functions, no DOM.
 */
import { TranslationBundle } from '@jupyterlab/translation';

import { IGitStateReply } from './types';

/**
 * One warning of the dialog.
 */
export interface IBinderWarning {
  /** A stable id, for tests and styling. */
  id:
    | 'problem'
    | 'unsaved'
    | 'nbgitpuller'
    | 'untracked'
    | 'labpath'
    | 'modified'
    | 'no-commit'
    | 'unpushed'
    | 'local-remote'
    | 'no-environment'
    | 'environment'
    | 'shared-data';
  message: string;
}

const SHARED_PATH = /(?:~|\/home\/jovyan|\$HOME)\/shared\b[^\s'"`)]*/g;

/**
 * What BinderHub's own web client changes in a `labpath`: it rebuilds the
 * path with `encodeURI`, which leaves `#` and `?` (the path is cut there) and
 * lets a `%` with two hex digits be decoded twice. nbgitpuller's page appends
 * the path it builds from `subPath` unescaped, with the same effect. No
 * escaping in our links survives that, so such a name must be renamed.
 */
const BINDERHUB_UNSAFE = /[#?]|%[0-9A-Fa-f]{2}/g;

/**
 * The characters of `path` that BinderHub's client cannot carry, each once, as
 * shown to people (`#`, `?`, `%20`…); empty when the path is safe.
 */
export function binderhubUnsafe(path: string): string[] {
  return [...new Set(Array.from(path.matchAll(BINDERHUB_UNSAFE), m => m[0]))];
}

/**
 * The `~/shared` or `/home/jovyan/shared…` paths the code reads (at most 3, each once).
 */
export function sharedPaths(sources: string[]): string[] {
  const found = new Set<string>();
  for (const source of sources) {
    for (const match of source.matchAll(SHARED_PATH)) {
      found.add(match[0]);
    }
  }
  return [...found].slice(0, 3);
}

/**
 * The inputs of `binderWarnings`.
 */
export interface IWarningInput {
  reply: IGitStateReply;
  /** The chosen remote's name. */
  remote: string | null;
  /** Unsaved changes in the browser (`context.model.dirty`). */
  dirty: boolean;
  /** The notebook's code cell sources. */
  sources: string[];
}

/**
 * The warnings for a notebook, most blocking first.
 */
export function binderWarnings(
  input: IWarningInput,
  trans: TranslationBundle
): IBinderWarning[] {
  const { reply, remote, dirty } = input;
  const warnings: IBinderWarning[] = [];
  const add = (id: IBinderWarning['id'], message: string) =>
    warnings.push({ id, message });
  if (reply.problem) {
    add('problem', reply.problem.message);
  }
  if (dirty) {
    add(
      'unsaved',
      trans.__(
        'This notebook has unsaved changes: save, commit and push them, or Binder will show the last pushed version.'
      )
    );
  }
  const git = reply.git;
  if (git?.nbgitpuller && (remote === 'origin' || remote === null)) {
    add(
      'nbgitpuller',
      trans.__(
        "%1 looks like a copy made by a hub link (nbgitpuller): its origin is the tutorial's repository, so your edits will not be in this link, which opens the original notebook. To share your version, push it to a repository of your own and choose that remote.",
        git.root_name
      )
    );
  }
  if (git) {
    if (!git.head) {
      add(
        'no-commit',
        trans.__(
          'This repository has no commit yet: commit and push the notebook first.'
        )
      );
    } else if (!git.tracked) {
      add(
        'untracked',
        trans.__(
          '%1 is not committed to git: Binder will not find it.',
          git.labpath
        )
      );
    } else if (git.modified) {
      add(
        'modified',
        trans.__('%1 has changes on disk that are not committed.', git.labpath)
      );
    }
    const unsafe = binderhubUnsafe(git.labpath);
    if (unsafe.length) {
      add(
        'labpath',
        trans.__(
          'BinderHub and nbgitpuller cannot open %1: their pages rebuild the path, and %2 in a name changes it. Rename the notebook (or its folders) without them; the links will then open it.',
          git.labpath,
          unsafe.map(c => `"${c}"`).join(', ')
        )
      );
    }
    const chosen = git.remotes.find(r => r.name === remote);
    if (chosen && !chosen.url) {
      add(
        'local-remote',
        trans.__(
          'The remote "%1" has no address others can clone (a folder on this server, or ssh only): Binder cannot reach it.',
          chosen.name
        )
      );
    }
    if (
      git.head &&
      chosen?.url &&
      !git.pushed_to.some(ref => ref.startsWith(`${chosen.name}/`))
    ) {
      const onUpstream =
        git.upstream?.startsWith(`${chosen.name}/`) && git.ahead;
      add(
        'unpushed',
        onUpstream
          ? trans._n(
              '%1 commit is not pushed to %2: push it, or the link will not work.',
              '%1 commits are not pushed to %2: push them, or the link will not work.',
              git.ahead as number,
              git.upstream as string
            )
          : trans.__(
              'The current commit is not on "%1" (as far as this server knows): push it, or the link will not work.',
              chosen.name
            )
      );
    }
  }
  const environment = reply.environment;
  if (environment && environment.files.length === 0) {
    add(
      'no-environment',
      trans.__(
        'No environment file (environment.yml, requirements.txt, Dockerfile…): Binder will start a plain Python without your packages.'
      )
    );
  }
  for (const problem of environment?.problems ?? []) {
    add('environment', problem);
  }
  const shared = sharedPaths(input.sources);
  if (shared.length) {
    add(
      'shared-data',
      trans.__(
        "The notebook reads %1, which does not exist on Binder: the hub's shared data is not there.",
        shared.join(', ')
      )
    );
  }
  return warnings;
}
