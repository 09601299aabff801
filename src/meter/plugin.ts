import {
  ILabShell,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { LabIcon } from '@jupyterlab/ui-components';
import { Signal } from '@lumino/signaling';

import {
  CommandIDs as SuiteCommands,
  commandLabel,
  commandTexts,
  suiteCategory
} from '../commands';
import { KernelActions } from './actions';
import { ClusterActions } from './clusterActions';
import { clusterWarningText } from './clusters';
import { quotaWarningText } from './home';
import { cullWarningText } from './idle';
import { Level } from './level';
import { kernelShortLabel, memoryWarningText, oomText } from './messages';
import { MeterModel } from './model';
import type { MeterPanel } from './panel';
import {
  DEFAULT_SETTINGS,
  IMeterSettings,
  readSettings,
  RESOURCE_USAGE_STATUS_ITEMS,
  statusItemVisible
} from './settings';
import { MeterStatusItem } from './statusItem';

/**
 * The command ids of the meter.
 */
namespace CommandIDs {
  export const show = SuiteCommands.showResourceUsage;
}

/**
 * The meter's icon (palette, launcher): a gauge.
 */
const meterIcon = new LabIcon({
  name: 'jupyterlab-hackweek:meter',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16"><g class="jp-icon3" fill="#616161">' +
    '<path d="M12 4a10 10 0 0 0-10 10c0 1.8.5 3.5 1.3 5h17.4c.8-1.5 1.3-3.2 1.3-5A10 10 0 0 0 12 4zm7.5 13h-15A8 8 0 0 1 4 14a8 8 0 0 1 16 0c0 1-.2 2-.5 3z"/>' +
    '<path d="M16.2 8.4 12.9 13a1.5 1.5 0 1 1-1.6-.9l4.2-4.2z"/></g></svg>'
});

/**
 * The resource meter: a status bar item, a panel per kernel and memory warnings.
 */
export const meterPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-hackweek:meter',
  description:
    'Shows the server’s memory and CPU against its limits, per kernel, and the user’s Dask Gateway clusters; warns before and after an out-of-memory kill and about idle or orphaned clusters.',
  autoStart: true,
  optional: [
    IStatusBar,
    ICommandPalette,
    ITranslator,
    ISettingRegistry,
    ILabShell
  ],
  activate: async (
    app: JupyterFrontEnd,
    statusBar: IStatusBar | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null,
    settingRegistry: ISettingRegistry | null,
    labShell: ILabShell | null
  ) => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_hackweek');
    let settings: ISettingRegistry.ISettings | null = null;
    if (settingRegistry) {
      try {
        settings = await settingRegistry.load(meterPlugin.id);
      } catch (error) {
        console.warn(
          'jupyterlab-hackweek: meter settings not loaded, using defaults',
          error
        );
      }
    }
    let current: IMeterSettings = settings
      ? readSettings(
          settings.composite as Partial<Record<keyof IMeterSettings, unknown>>
        )
      : DEFAULT_SETTINGS;

    const model = new MeterModel({
      serverSettings: app.serviceManager.serverSettings,
      trans,
      refreshRate: current.refreshRate,
      thresholds: {
        warning: current.warningThreshold,
        critical: current.criticalThreshold
      },
      storage: Private.localStorage()
    });
    const actions = new KernelActions(app, trans, () => void model.refresh());
    const clusterActions = new ClusterActions(model, trans);

    let panel: MeterPanel | null = null;
    const text = commandTexts(trans)[CommandIDs.show];
    app.commands.addCommand(CommandIDs.show, {
      label: commandLabel(text),
      caption: text.caption,
      icon: meterIcon,
      describedBy: { args: { type: 'object', properties: {} } },
      execute: async () => {
        if (!panel || panel.isDisposed) {
          const { MeterPanel } = await import('./panel');
          panel = new MeterPanel({
            model,
            trans,
            onRestart: kernel => void actions.restart(kernel),
            onShutdown: kernel => void actions.shutdown(kernel),
            onScaleCluster: cluster => void clusterActions.scale(cluster),
            onShutdownCluster: cluster => void clusterActions.shutdown(cluster),
            onExportHistory: () =>
              Private.saveText(
                `resource-usage-${new Date().toISOString().slice(0, 19)}.csv`,
                model.historyCsv(),
                'text/csv'
              ),
            onOpenPath: path =>
              void app.commands.execute('filebrowser:go-to-path', {
                path: `/${path}`
              })
          });
          app.shell.add(panel, 'main', { mode: 'split-right' });
        }
        app.shell.activateById(panel.id);
        void model.refresh();
      }
    });
    palette?.addItem({
      command: CommandIDs.show,
      category: suiteCategory(trans)
    });

    const resourceUsageInstalled = RESOURCE_USAGE_STATUS_ITEMS.some(id =>
      app.hasPlugin(id)
    );
    if (statusBar) {
      const visibility = new Signal<MeterModel, void>(model);
      const item = new MeterStatusItem({
        model,
        trans,
        onOpen: () => void app.commands.execute(CommandIDs.show)
      });
      statusBar.registerStatusItem(meterPlugin.id, {
        item,
        align: 'left',
        rank: 3,
        isActive: () =>
          statusItemVisible(current.showStatusItem, resourceUsageInstalled),
        activeStateChanged: visibility
      });
      settings?.changed.connect(() => visibility.emit());
    }

    settings?.changed.connect(() => {
      current = readSettings(
        settings!.composite as Partial<Record<keyof IMeterSettings, unknown>>
      );
      model.refreshRate = current.refreshRate;
      model.thresholds = {
        warning: current.warningThreshold,
        critical: current.criticalThreshold
      };
    });

    model.thresholdCrossed.connect((_, level) =>
      Private.onCrossing(model, level, current, actions, trans)
    );
    model.oomEvents.connect((_, events) => {
      for (const event of events) {
        Notification.error(oomText(event, trans, kernelShortLabel), {
          autoClose: false,
          actions: [
            {
              label: trans.__('Show Resource Usage'),
              callback: () => void app.commands.execute(CommandIDs.show)
            }
          ]
        });
      }
    });
    model.clusterWarnings.connect((_, warnings) => {
      const clusters = model.clusters;
      for (const { cluster, warning } of warnings) {
        if (!clusters) {
          break;
        }
        Notification.warning(
          clusterWarningText(cluster, warning, clusters, trans),
          {
            autoClose: false,
            actions: [
              {
                label: trans.__('Shut Down'),
                callback: () => void clusterActions.shutdown(cluster)
              },
              {
                label: trans.__('Show Resource Usage'),
                callback: () => void app.commands.execute(CommandIDs.show)
              }
            ]
          }
        );
      }
    });
    let cullNotice: string | null = null;
    model.cullWarning.connect((_, change) => {
      if (cullNotice) {
        Notification.dismiss(cullNotice);
        cullNotice = null;
      }
      const activity = model.reply?.activity;
      if (change === 'clear' || !activity) {
        return;
      }
      cullNotice = Notification.warning(cullWarningText(activity, trans), {
        autoClose: false,
        actions: [
          {
            label: trans.__('Keep my server'),
            caption: trans.__(
              'Count this as activity: the idle clock starts again'
            ),
            callback: () => void model.keepAlive()
          }
        ]
      });
    });
    model.quotaAlerts.connect((_, alerts) => {
      for (const alert of alerts) {
        const notify =
          alert.level === 'critical'
            ? Notification.error
            : Notification.warning;
        notify(quotaWarningText(alert, trans), {
          autoClose: false,
          actions: [
            {
              label: trans.__('Show Resource Usage'),
              callback: () => void app.commands.execute(CommandIDs.show)
            }
          ]
        });
      }
    });
    labShell?.restored.then(() => void model.refresh());
  }
};

/**
 * A private namespace for module internals.
 */
namespace Private {
  /**
   * The browser's `localStorage`, or `null` where it is refused (private modes, policies).
   */
  export function localStorage(): Storage | null {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  }

  /**
   * Hand `text` to the browser as a file download named `name`.
   */
  export function saveText(name: string, text: string, type: string): void {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const link = document.createElement('a');
    link.href = url;
    link.download = name.replace(/:/g, '-');
    document.body.appendChild(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  }

  /**
   * Warn once per crossing; at the critical level, interrupt the biggest kernel if the setting asks.
   */
  export function onCrossing(
    model: MeterModel,
    level: Level,
    settings: IMeterSettings,
    actions: KernelActions,
    trans: TranslationBundle
  ): void {
    const reply = model.reply;
    if (!reply) {
      return;
    }
    const text = memoryWarningText(
      reply.memory.used,
      reply.memory.limit,
      reply.kernels,
      trans
    );
    const biggest = reply.kernels[0];
    if (
      level === 'critical' &&
      settings.interruptBiggestOnCritical &&
      biggest
    ) {
      void actions.interrupt(biggest);
      Notification.error(
        trans.__(
          '%1 The kernel holding the most memory was interrupted (see Settings → Resource Usage).',
          text
        ),
        { autoClose: false }
      );
      return;
    }
    if (level === 'critical') {
      Notification.error(text, { autoClose: false });
    } else {
      Notification.warning(text, { autoClose: 15000 });
    }
  }
}
