import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { binderPlugin } from './binder/plugin';
import { downloadsPlugin } from './downloads/plugin';
import { handshakePlugin } from './handshake/plugin';
import { launcherPlugin } from './launcher';
import { meterPlugin } from './meter/plugin';
import { nsidcPlugin } from './nsidc/plugin';
import { sharedPlugin, sharedPublisherPlugin } from './shared/plugin';

/**
 * The suite's plugins: each feature contributes one; the shared data also
 * the publisher other features publish through; the launcher's cards open
 * the panels.
 */
const plugins: JupyterFrontEndPlugin<unknown>[] = [
  handshakePlugin,
  sharedPlugin,
  sharedPublisherPlugin,
  binderPlugin,
  meterPlugin,
  nsidcPlugin,
  downloadsPlugin,
  launcherPlugin
];

export default plugins;
