import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';
import {
  ABCWidgetFactory,
  DocumentRegistry,
  DocumentWidget,
  TextModelFactory
} from '@jupyterlab/docregistry';
import type { Contents } from '@jupyterlab/services';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { ReadonlyJSONObject, UUID } from '@lumino/coreutils';

import { ISearchMaps } from '../nsidc/tokens';
import { ISharedCode } from '../shared/tokens';

import {
  fileArgument,
  isViewable,
  viewState,
  VIEWABLE_EXTENSIONS
} from './files';
import { IDataFile, IDataViewer } from './tokens';
import { ViewerContent } from './widget';

/**
 * Command ids of the data viewer.
 */
export namespace CommandIDs {
  export const open = 'hackweek:open-data-viewer';
}

const PLUGIN_ID = 'jupyterlab-hackweek:viewer';
const FILE_TYPE = 'hackweek-hdf5';
const MODEL = 'hackweek-no-content';
const FACTORY = 'Hackweek Data Viewer';

/**
 * The data viewer: a main-area tab per file, opened from the Shared Data panel
 * (through `IDataViewer`) and from the file browser's "Open With" for HDF5 and
 * NetCDF-4 files in the home. h5web is loaded only when a viewer is shown.
 */
export const viewerPlugin: JupyterFrontEndPlugin<IDataViewer> = {
  id: PLUGIN_ID,
  description:
    'A data viewer for HDF5 / NetCDF-4 files (h5web over the suite’s guarded routes) with ICESat-2 quick looks.',
  autoStart: true,
  provides: IDataViewer,
  optional: [ITranslator, ILayoutRestorer, ISharedCode, ISearchMaps],
  activate: (
    app: JupyterFrontEnd,
    translator: ITranslator | null,
    restorer: ILayoutRestorer | null,
    code: ISharedCode | null,
    maps: ISearchMaps | null
  ): IDataViewer => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_hackweek');
    const serverSettings = app.serviceManager.serverSettings;
    const insertCode = code ? code.insertCode.bind(code) : null;
    const tracker = new WidgetTracker<MainAreaWidget<ViewerContent>>({
      namespace: 'hackweek-viewer'
    });
    const open = async (file: IDataFile) => {
      const key = fileArgument(file);
      const existing = tracker.find(w => fileArgument(w.content.file) === key);
      if (existing) {
        app.shell.activateById(existing.id);
        return;
      }
      const content = new ViewerContent({
        file,
        serverSettings,
        trans,
        insertCode,
        maps
      });
      const widget = new MainAreaWidget({ content });
      widget.id = `jp-hackweek-viewer-${UUID.uuid4()}`;
      // what it shows is saved for the restorer as it changes
      content.viewChanged.connect(() => void tracker.save(widget));
      await tracker.add(widget);
      app.shell.add(widget, 'main');
      app.shell.activateById(widget.id);
    };
    app.commands.addCommand(CommandIDs.open, {
      label: trans.__('Open in the Data Viewer'),
      caption: trans.__('View an HDF5 or NetCDF-4 file'),
      describedBy: {
        args: {
          type: 'object',
          properties: {
            root: {
              type: ['string', 'null'],
              description: 'A shared folder’s name, or null for the home'
            },
            path: { type: 'string', description: 'The file’s path' },
            dataset: {
              type: ['string', 'null'],
              description: 'The dataset to show first'
            },
            view: {
              type: ['object', 'null'],
              description:
                'The view to show first: tab, beam, byQuality, surface, zoom, dataset (as the layout restorer keeps it)'
            }
          },
          required: ['path']
        }
      },
      execute: args =>
        open({
          root: typeof args.root === 'string' ? args.root : null,
          path: String(args.path),
          dataset: typeof args.dataset === 'string' ? args.dataset : null,
          view: viewState(args.view)
        })
    });
    void restorer?.restore(tracker, {
      command: CommandIDs.open,
      args: widget => ({
        root: widget.content.file.root,
        path: widget.content.file.path,
        dataset: widget.content.file.dataset ?? null,
        view: widget.content.viewState as ReadonlyJSONObject | null
      }),
      name: widget => fileArgument(widget.content.file)
    });
    Private.addOpenWith(app, trans, restorer, insertCode, maps);
    return { open, viewable: isViewable };
  }
};

namespace Private {
  /**
   * A model factory that asks the Contents API for no content: the file
   * browser's "Open With" never downloads a data file as base64.
   */
  class NoContentModelFactory extends TextModelFactory {
    get name(): string {
      return MODEL;
    }
    get fileFormat(): Contents.FileFormat {
      return null;
    }
  }

  class ViewerFactory extends ABCWidgetFactory<
    DocumentWidget<ViewerContent>,
    DocumentRegistry.IModel
  > {
    constructor(
      options: DocumentRegistry.IWidgetFactoryOptions<
        DocumentWidget<ViewerContent>
      >,
      private _app: JupyterFrontEnd,
      private _trans: TranslationBundle,
      private _insertCode: ViewerContent.IOptions['insertCode'],
      private _maps: ISearchMaps | null
    ) {
      super(options);
    }

    protected createNewWidget(
      context: DocumentRegistry.IContext<DocumentRegistry.IModel>
    ): DocumentWidget<ViewerContent> {
      const contents = this._app.serviceManager.contents;
      const content = new ViewerContent({
        file: { root: null, path: contents.localPath(context.path) },
        serverSettings: this._app.serviceManager.serverSettings,
        trans: this._trans,
        insertCode: this._insertCode,
        maps: this._maps
      });
      return new DocumentWidget({ content, context });
    }
  }

  /**
   * "Open With → Data Viewer" for HDF5 / NetCDF-4 files in the file browser.
   */
  export function addOpenWith(
    app: JupyterFrontEnd,
    trans: TranslationBundle,
    restorer: ILayoutRestorer | null,
    insertCode: ViewerContent.IOptions['insertCode'],
    maps: ISearchMaps | null
  ): void {
    app.docRegistry.addModelFactory(new NoContentModelFactory());
    if (!app.docRegistry.getFileType(FILE_TYPE)) {
      app.docRegistry.addFileType({
        name: FILE_TYPE,
        displayName: trans.__('HDF5 / NetCDF-4 data'),
        extensions: VIEWABLE_EXTENSIONS,
        mimeTypes: ['application/x-hdf5'],
        contentType: 'file',
        fileFormat: null
      });
    }
    const factory = new ViewerFactory(
      {
        name: FACTORY,
        label: trans.__('Data Viewer'),
        fileTypes: [FILE_TYPE],
        modelName: MODEL,
        readOnly: true
      },
      app,
      trans,
      insertCode,
      maps
    );
    app.docRegistry.addWidgetFactory(factory);
    const documents = new WidgetTracker<DocumentWidget<ViewerContent>>({
      namespace: 'hackweek-viewer-documents'
    });
    factory.widgetCreated.connect((_, widget) => {
      widget.context.pathChanged.connect(() => void documents.save(widget));
      void documents.add(widget);
    });
    void restorer?.restore(documents, {
      command: 'docmanager:open',
      args: widget => ({ path: widget.context.path, factory: FACTORY }),
      name: widget => widget.context.path
    });
  }
}
