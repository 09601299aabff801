import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { binderPlugin } from './binder/plugin';
import { downloadsPlugin } from './downloads/plugin';
import { handshakePlugin } from './handshake/plugin';
import { meterPlugin } from './meter/plugin';
import { nsidcPlugin } from './nsidc/plugin';
import { sharedPlugin, sharedPublisherPlugin } from './shared/plugin';

/**
 * The suite's plugins: each feature contributes one; the shared data also
 * the publisher other features publish through.
 */
const plugins: JupyterFrontEndPlugin<unknown>[] = [
  handshakePlugin,
  sharedPlugin,
  sharedPublisherPlugin,
  binderPlugin,
  meterPlugin,
  nsidcPlugin,
  downloadsPlugin
];

export default plugins;
