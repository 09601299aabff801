import * as path from 'path';
import * as ts from 'typescript';

/**
 * Compile `contract.ts` alone (the recorded replies against the front end's
 * reply types) and return its diagnostics as text.
 */
function contractErrors(): string[] {
  const file = path.join(__dirname, 'contract.ts');
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    resolveJsonModule: true,
    esModuleInterop: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2020,
    lib: ['lib.es2020.d.ts'],
    types: [],
    skipLibCheck: true
  });
  return ts.getPreEmitDiagnostics(program).map(d => {
    const where = d.file
      ? `${path.relative(process.cwd(), d.file.fileName)}:${
          d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1
        }`
      : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('the contract of the recorded replies', () => {
  it('every recorded reply has the fields its TypeScript type declares, and no other', () => {
    // Given the replies pytest recorded from the real routes, When contract.ts
    // (each reply assigned to its type, both ways) is compiled, Then it compiles:
    // a failure names the reply and the field the server and the types disagree on
    expect(contractErrors()).toEqual([]);
  }, 30000);
});
