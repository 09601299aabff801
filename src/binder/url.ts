/**
 * Binder launch links, badges and nbgitpuller links: pure functions, no DOM.
 *
 * Escaping follows BinderHub's repository providers: the `gl` and `git` specs
 * are one `encodeURIComponent`-escaped segment, refs keep their `/`, paths are
 * escaped segment by segment. Remote URLs are normalised first, which always
 * drops `user:token@`, so a credential never reaches a link.
 */

/**
 * The BinderHub providers this module links to.
 */
export type BinderProvider = 'gh' | 'gl' | 'gist' | 'git';

/**
 * A repository as BinderHub names it.
 */
export interface IBinderSource {
  /**
   * The BinderHub provider prefix.
   */
  provider: BinderProvider;
  /**
   * The escaped repository part of the spec (without the ref).
   */
  spec: string;
  /**
   * A short human label, e.g. `GitHub: owner/repo`.
   */
  label: string;
  /**
   * The credential-free URL the repository is cloned from (see `normaliseRemote`).
   */
  url: string;
}

/**
 * Escape a URI component strictly (RFC 3986): also `!'()*`, which
 * `encodeURIComponent` leaves and which break Markdown links.
 */
export function escapeComponent(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    c => '%' + c.charCodeAt(0).toString(16).toUpperCase()
  );
}

/**
 * Escape a `/`-separated path segment by segment (spaces, `&`, `#`, `?`,
 * non-ASCII letters are escaped; `/` is kept).
 */
export function escapePath(path: string): string {
  return path.split('/').map(escapeComponent).join('/');
}

const SCP_FORM = /^(?:[^@/]+@)?([^:/\\]{2,}):([^/\\].*)$/;
const NETWORK_SCHEMES = [
  'http:',
  'https:',
  'ssh:',
  'git:',
  'git+ssh:',
  'ssh+git:'
];

/**
 * The hosts with a BinderHub provider of their own (`gh`, `gl`, `gist`).
 */
const FORGES = ['github.com', 'gitlab.com', 'gist.github.com'];

/**
 * The schemes a plain git server is cloned with anonymously, and their default ports.
 */
const ANONYMOUS_PORTS: Record<string, string> = {
  'http:': '80',
  'https:': '443',
  'git:': '9418'
};

/**
 * The URL others can clone a remote from, or `null` (the same rules as the
 * server's `remotes.normalise_remote`).
 *
 * User info, query, fragment and a trailing `/` are always dropped and the
 * host is lower-cased. GitHub, GitLab and gist remotes (`FORGES`) become
 * `https://host/path` without `.git`. Any other host is a plain git server,
 * cloned with the URL as given: an `http`, `https` or `git` URL keeps its
 * scheme, port and `.git` suffix. An ssh or scp-form remote of a plain server
 * cannot be cloned anonymously (ssh needs a key), so it becomes
 * `https://host/<ssh path>`, where forge software serves it anonymously
 * (`.git` kept as written, the ssh port dropped). A local path, a `file://`
 * URL and an scp-form path starting with `/` (a folder on an ssh-only server)
 * give `null`.
 */
export function normaliseRemote(remote: string): string | null {
  const text = remote.trim();
  let scheme = 'ssh:';
  let host: string;
  let port = '';
  let path: string;
  if (text.includes('://')) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return null;
    }
    if (!NETWORK_SCHEMES.includes(url.protocol) || !url.hostname) {
      return null;
    }
    scheme = url.protocol;
    host = url.hostname.toLowerCase();
    port = url.port;
    path = url.pathname;
  } else {
    const match = SCP_FORM.exec(text);
    if (!match) {
      return null;
    }
    host = match[1].toLowerCase();
    path = match[2].split(/[?#]/)[0];
  }
  path = path.replace(/^\/+|\/+$/g, '');
  if (FORGES.includes(host)) {
    path = path.replace(/\.git$/, '').replace(/\/+$/, '');
    return path ? `https://${host}/${path}` : null;
  }
  if (!path) {
    return null;
  }
  if (!(scheme in ANONYMOUS_PORTS)) {
    scheme = 'https:';
    port = '';
  }
  const keepPort = port && port !== ANONYMOUS_PORTS[scheme];
  return `${scheme}//${host}${keepPort ? `:${port}` : ''}/${path}`;
}

/**
 * The BinderHub source for a git remote: GitHub → `gh`, gitlab.com → `gl`,
 * gist.github.com → `gist` (when the owner is in the URL), any other host →
 * `git`. `null` for a local remote.
 */
export function sourceFromRemote(remote: string): IBinderSource | null {
  const url = normaliseRemote(remote);
  if (!url) {
    return null;
  }
  const { host, segments } = Private.split(url);
  if (host === 'github.com' && segments.length === 2) {
    return {
      provider: 'gh',
      spec: segments.map(escapeComponent).join('/'),
      label: `GitHub: ${segments.join('/')}`,
      url
    };
  }
  if (host === 'gitlab.com' && segments.length >= 2) {
    const project = segments.join('/');
    return {
      provider: 'gl',
      spec: escapeComponent(project),
      label: `GitLab: ${project}`,
      url
    };
  }
  if (host === 'gist.github.com' && segments.length === 2) {
    return {
      provider: 'gist',
      spec: segments.map(escapeComponent).join('/'),
      label: `Gist: ${segments.join('/')}`,
      url
    };
  }
  return {
    provider: 'git',
    spec: escapeComponent(url),
    label: `git: ${url}`,
    url
  };
}

/**
 * Whether `ref` is a full commit SHA.
 */
export function isCommitSha(ref: string): boolean {
  return /^[0-9a-f]{40}$/.test(ref);
}

/**
 * The BinderHub base URL with exactly one trailing `/`, or `null` if it is not http(s).
 */
export function normaliseHost(host: string): string | null {
  let url: URL;
  try {
    url = new URL(host.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return null;
  }
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return url.href.replace(/\/*$/, '/');
}

/**
 * The launch link `{host}v2/{provider}/{spec}/{ref}?labpath={path}`.
 *
 * A gist only takes a commit SHA as its version; another ref is left out.
 * Returns `null` for a host that is not an http(s) URL.
 */
export function binderUrl(
  host: string,
  source: IBinderSource,
  ref: string,
  labpath?: string
): string | null {
  const base = normaliseHost(host);
  if (!base) {
    return null;
  }
  let spec = `${source.spec}/${escapePath(ref)}`;
  if (source.provider === 'gist' && !isCommitSha(ref)) {
    spec = source.spec;
  }
  return `${base}v2/${source.provider}/${spec}` + Private.labpath(labpath);
}

/**
 * The launch link of a Zenodo record by DOI (`10.5281/zenodo.NNN`), or `null`
 * for a host or DOI that is not valid. The DOI goes in unescaped, as BinderHub expects.
 */
export function zenodoUrl(
  host: string,
  doi: string,
  labpath?: string
): string | null {
  const base = normaliseHost(host);
  const clean = doi.trim().replace(/^(https?:\/\/(dx\.)?doi\.org\/|doi:)/i, '');
  if (!base || !/^10\.\d{4,9}\/[A-Za-z0-9._;:()/-]+$/.test(clean)) {
    return null;
  }
  return `${base}v2/zenodo/${clean}/` + Private.labpath(labpath);
}

/**
 * Launch badges for a link, in three markups.
 */
export interface IBadges {
  markdown: string;
  rst: string;
  html: string;
}

/**
 * The "launch binder" badge of `host` pointing at `url`.
 */
export function badges(host: string, url: string): IBadges {
  const logo = `${normaliseHost(host) ?? ''}badge_logo.svg`;
  return {
    markdown: `[![Binder](${logo})](${url})`,
    rst: `.. image:: ${logo}\n   :target: ${url}\n   :alt: Binder`,
    html: `<a href="${Private.attr(url)}"><img src="${Private.attr(logo)}" alt="Launch Binder"></a>`
  };
}

/**
 * An nbgitpuller link of a JupyterHub: clone or update `repo` into the
 * user's home and open `labpath` in JupyterLab.
 *
 * nbgitpuller builds the lab URL itself from `app=lab` and `subPath`: it
 * clones into `$NBGITPULLER_PARENTPATH/<last segment of repo>` (`.git`
 * included) and opens `lab/tree/<that folder>/<subPath>`, so the link is right
 * whatever parent path the hub sets. Its page appends that path to the URL
 * unescaped: names with `#`, `?` or `%XX` open another file (the `labpath`
 * warning says so).
 *
 * @param hubUrl - the hub's `/hub/` URL, e.g. `https://hub.example.org/hub/`
 * @param repo - the repository's clone URL (normalised; credentials are dropped)
 * @param branch - a branch or tag (nbgitpuller takes no SHA); omitted if empty
 * @param labpath - the notebook's path inside the repository
 */
export function nbgitpullerUrl(
  hubUrl: string,
  repo: string,
  branch: string | null,
  labpath: string
): string | null {
  const base = normaliseHost(hubUrl);
  const clean = normaliseRemote(repo);
  if (!base || !clean) {
    return null;
  }
  const query = [`repo=${escapeComponent(clean)}`];
  if (branch && !isCommitSha(branch)) {
    query.push(`branch=${escapeComponent(branch)}`);
  }
  query.push('app=lab', `subPath=${escapeComponent(labpath)}`);
  return `${base}user-redirect/git-pull?${query.join('&')}`;
}

/**
 * The folder of the user's home where an nbgitpuller link of `repo` clones
 * it: `<parentPath>/<last segment of the clone URL>`, or `null` for a remote
 * with no clone URL.
 */
export function nbgitpullerFolder(
  repo: string,
  parentPath: string
): string | null {
  const clean = normaliseRemote(repo);
  if (!clean) {
    return null;
  }
  const parent = parentPath.replace(/^\/+|\/+$/g, '');
  const target = clean.split('/').pop() as string;
  return parent ? `${parent}/${target}` : target;
}

/**
 * A private namespace for module internals.
 */
namespace Private {
  /**
   * The host and path segments of a normalised URL.
   */
  export function split(url: string): { host: string; segments: string[] } {
    const [host, ...segments] = url.slice(url.indexOf('//') + 2).split('/');
    return { host, segments };
  }

  /**
   * The `?labpath=` query, or nothing.
   */
  export function labpath(path?: string): string {
    return path ? `?labpath=${escapePath(path)}` : '';
  }

  /**
   * Escape text for an HTML attribute value in double quotes.
   */
  export function attr(text: string): string {
    return text
      .replace(/&/g, '&amp;')
      .replace(/"/g, '&quot;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;');
  }
}
