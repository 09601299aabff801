/**
 * What the Binder dialog builds, and what BinderHub's own JavaScript client
 * (npm @jupyterhub/binderhub-client) understands of it; run by
 * test_binder_clients.py as `node binder_clients.mjs < cases.json`.
 *
 * The dialog's modules (src/binder/url.ts, warnings.ts) are compiled by the
 * project's TypeScript as they are. For each case (a remote URL as the server
 * reports it, a ref, a notebook path, a BinderHub and a hub) it prints the
 * panel's source, Binder link, nbgitpuller link and clone folder, and what
 * BinderHub's page does with the Binder link: the build spec it hands the
 * client (the path after /v2/), the build URL the client calls
 * (BinderRepository.buildUrl), and where the launched server is sent
 * (LaunchSpec.fromSearchParams(...).getJupyterServerRedirectUrl).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** BinderHub's client, from the test tools' package (ui-tests/), not the extension's. */
const testTools = createRequire(join(ROOT, 'ui-tests', 'package.json'));
const binderhubClient = file =>
  import(pathToFileURL(testTools.resolve(`@jupyterhub/binderhub-client/${file}`)));

function compile(file) {
  const { outputText } = ts.transpileModule(
    readFileSync(join(ROOT, file), 'utf8'),
    {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2020
      }
    }
  );
  const module = { exports: {} };
  new Function('exports', 'require', 'module', outputText)(
    module.exports,
    require,
    module
  );
  return module.exports;
}

const url = compile('src/binder/url.ts');
const warnings = compile('src/binder/warnings.ts');
const { LaunchSpec, Spec } = await binderhubClient('spec.js');
const { BinderRepository } = await binderhubClient('client.js');

/** A launched server, as BinderHub would start it. */
const SERVER = 'https://hub.mybinder.example/user/someone-r-abc123/';

function panel(c) {
  const source = url.sourceFromRemote(c.remote);
  return {
    provider: source?.provider ?? null,
    label: source?.label ?? null,
    binder: source ? url.binderUrl(c.binderhub, source, c.ref, c.labpath) : null,
    puller: url.nbgitpullerUrl(c.hub, c.remote, c.branch, c.labpath),
    folder: url.nbgitpullerFolder(c.remote, c.parentPath),
    unsafe: warnings.binderhubUnsafe(c.labpath)
  };
}

function binderhub(link, host) {
  // BinderHub's page: the route /v2/<provider>/<spec> of its base URL, and its query
  const base = new URL(url.normaliseHost(host));
  const location = new URL(link);
  const route = location.pathname.slice(base.pathname.length);
  if (!route.startsWith('v2/')) {
    return { error: `not a /v2/ route: ${location.pathname}` };
  }
  const spec = new Spec(
    route.slice('v2/'.length),
    LaunchSpec.fromSearchParams(location.searchParams)
  );
  const repository = new BinderRepository(
    spec.buildSpec,
    new URL('build/', base)
  );
  return {
    buildSpec: spec.buildSpec,
    buildUrl: repository.buildUrl.href,
    urlPath: spec.launchSpec.urlPath,
    redirect: spec.launchSpec
      .getJupyterServerRedirectUrl(new URL(SERVER), 'TOKEN')
      .href
  };
}

const cases = JSON.parse(readFileSync(0, 'utf8'));
const results = cases.map(c => {
  const made = panel(c);
  return {
    panel: made,
    binderhub: made.binder ? binderhub(made.binder, c.binderhub) : null
  };
});
process.stdout.write(JSON.stringify({ server: SERVER, results }));
