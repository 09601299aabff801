import { Sanitizer } from '@jupyterlab/apputils';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';

import { sanitizedMarkdown } from '../description';

/**
 * A registry with JupyterLab's sanitizer and a parser that passes HTML through,
 * so the README's raw HTML reaches the sanitizer as it would after `marked`.
 */
const registry = {
  sanitizer: new Sanitizer(),
  markdownParser: { render: async (source: string) => source }
} as unknown as IRenderMimeRegistry;

describe('sanitizedMarkdown', () => {
  it('renders a hostile README inert', async () => {
    // Given a README with an event handler, a script, an svg onload, a javascript: link
    // and a button that would run a JupyterLab command when clicked
    const readme = [
      '<h1>Data</h1>',
      '<img src=x onerror=alert(1)>',
      '<script>alert(2)</script>',
      '"><svg onload=alert(3)>',
      '<a href="javascript:alert(4)">click</a>',
      '<button data-commandlinker-command="terminal:create-new" DATA-COMMANDLINKER-ARGS="{}">x</button>'
    ].join('\n');
    const host = document.createElement('div');
    // When it is rendered
    await sanitizedMarkdown(registry)!(host, readme);
    // Then the heading stays and nothing can run
    expect(host.querySelector('h1')?.textContent).toContain('Data');
    expect(host.querySelector('script')).toBeNull();
    expect(host.querySelectorAll('[onerror], [onload]')).toHaveLength(0);
    expect(host.innerHTML).not.toContain('javascript:');
    expect(host.innerHTML).not.toContain('data-commandlinker');
    // And no "run this script?" button was offered
    expect(host.textContent).not.toContain('Run');
  });

  it('is null without a Markdown parser (plain-text fallback)', () => {
    expect(sanitizedMarkdown(null)).toBeNull();
    const noParser = { ...registry, markdownParser: null };
    expect(
      sanitizedMarkdown(noParser as unknown as IRenderMimeRegistry)
    ).toBeNull();
  });
});
