import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { binderPlugin } from './binder/plugin';
import { downloadsPlugin } from './downloads/plugin';
import { handshakePlugin } from './handshake/plugin';
import { launcherPlugin } from './launcher';
import { meterPlugin } from './meter/plugin';
import { nsidcPlugin, searchMapsPlugin } from './nsidc/plugin';
import {
  sharedCodePlugin,
  sharedPlugin,
  sharedPublisherPlugin
} from './shared/plugin';
import { viewerPlugin } from './viewer/plugin';

/**
 * The suite's plugins: each feature contributes one; the shared data also
 * the publisher other features publish through, the search its map for the
 * viewer's ground tracks; the launcher's cards open
 * the panels; the data viewer opens files of the shared folders and the home.
 */
const plugins: JupyterFrontEndPlugin<unknown>[] = [
  handshakePlugin,
  viewerPlugin,
  sharedPlugin,
  sharedPublisherPlugin,
  sharedCodePlugin,
  binderPlugin,
  meterPlugin,
  nsidcPlugin,
  searchMapsPlugin,
  downloadsPlugin,
  launcherPlugin
];

export default plugins;
