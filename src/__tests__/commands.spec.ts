/**
 * The words people type find the suite's commands, in JupyterLab's own command
 * palette (Lumino's `CommandPalette`, which `@jupyterlab/apputils` wraps; its
 * matching is not exported, so the real widget does the matching here) over
 * the labels and category the plugins register.
 */

import { nullTranslator } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import { CommandPalette, Widget } from '@lumino/widgets';

import {
  CommandIDs,
  commandLabel,
  commandTexts,
  LAUNCHER_ARG,
  LAUNCHER_COMMANDS,
  suiteCategory
} from '../commands';

const trans = nullTranslator.load('jupyterlab_hackweek');

/**
 * A palette holding the suite's commands (plus a few of JupyterLab's, so
 * that a match is not just "the only thing there").
 */
function palette(): CommandPalette {
  const commands = new CommandRegistry();
  const palette = new CommandPalette({ commands });
  for (const [id, text] of Object.entries(commandTexts(trans))) {
    commands.addCommand(id, {
      label: commandLabel(text),
      caption: text.caption,
      execute: () => undefined
    });
    palette.addItem({
      command: id,
      category: suiteCategory(trans),
      // as the Binder plugin adds its dialog command
      args: id === CommandIDs.openBinder ? { isPalette: true } : {}
    });
  }
  for (const [id, label, category] of [
    ['filebrowser:create-main-launcher', 'New Launcher', 'File Operations'],
    ['notebook:restart-kernel', 'Restart Kernel…', 'Notebook Operations'],
    ['kernelmenu:shutdown', 'Shut Down Kernel', 'Kernel Operations'],
    ['apputils:change-theme', 'Use Theme: JupyterLab Dark', 'Theme']
  ]) {
    commands.addCommand(id, { label, execute: () => undefined });
    palette.addItem({ command: id, category });
  }
  Widget.attach(palette, document.body);
  return palette;
}

/**
 * The commands the palette lists for `query`, best first.
 */
function found(widget: CommandPalette, query: string): string[] {
  widget.inputNode.value = query;
  widget.refresh();
  widget.processMessage(Widget.Msg.UpdateRequest);
  return Array.from(
    widget.contentNode.querySelectorAll<HTMLElement>('.lm-CommandPalette-item')
  ).map(item => item.dataset.command ?? '');
}

describe('the palette finds the suite with the words people type', () => {
  const words: [string, string][] = [
    ['memory', CommandIDs.showResourceUsage],
    ['RAM', CommandIDs.showResourceUsage],
    ['CPU', CommandIDs.showResourceUsage],
    ['meter', CommandIDs.showResourceUsage],
    ['usage', CommandIDs.showResourceUsage],
    ['data', CommandIDs.openNsidcSearch],
    ['granule', CommandIDs.openNsidcSearch],
    ['download', CommandIDs.showDownloads],
    ['binder', CommandIDs.openBinder],
    ['share', CommandIDs.showShared]
  ];
  const widget = palette();
  afterAll(() => widget.dispose());

  it.each(words)('"%s" lists %s', (word, command) => {
    expect(found(widget, word)).toContain(command);
  });

  it('finds nothing for a word no command has', () => {
    expect(found(widget, 'zebra')).toEqual([]);
  });
});

describe('the launcher cards', () => {
  it('have short labels; the palette keeps the long ones', () => {
    const texts = commandTexts(trans);
    expect(
      LAUNCHER_COMMANDS.map(id =>
        commandLabel(texts[id])({ [LAUNCHER_ARG]: true })
      )
    ).toEqual([
      'Search NSIDC data',
      'Shared data',
      'Downloads',
      'Resource usage'
    ]);
    expect(commandLabel(texts[CommandIDs.showResourceUsage])({})).toBe(
      'Show Resource Usage (memory, RAM, CPU meter)'
    );
  });
});
