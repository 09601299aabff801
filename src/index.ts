import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { binderPlugin } from './binder/plugin';
import { downloadsPlugin } from './downloads/plugin';
import { handshakePlugin } from './handshake/plugin';
import { meterPlugin } from './meter/plugin';
import { nsidcPlugin } from './nsidc/plugin';
import { sharedPlugin } from './shared/plugin';

/**
 * The suite's plugins: each feature contributes one.
 */
const plugins: JupyterFrontEndPlugin<unknown>[] = [
  handshakePlugin,
  sharedPlugin,
  binderPlugin,
  meterPlugin,
  nsidcPlugin,
  downloadsPlugin
];

export default plugins;
