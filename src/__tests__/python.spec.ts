import { pythonNumber, pythonString } from '../python';

describe('pythonString', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", "'it\\'s'"],
    ['back\\slash', "'back\\\\slash'"],
    ['two\nlines', "'two\\nlines'"],
    ['cr\rtab\t', "'cr\\rtab\\t'"],
    ['nul\u0000bell\u0007', "'nul\\x00bell\\x07'"],
    ['sep\u2028', "'sep\\u2028'"],
    ['"double"', '\'"double"\''],
    ['café ❄', "'café ❄'"]
  ])('writes %p as %s', (text, literal) => {
    expect(pythonString(text)).toBe(literal);
  });

  it('keeps a hostile value inside its string', () => {
    // Given a value trying to close the string and run code
    const hostile = "x')\nimport os; os.system('rm -rf ~') #\\";
    const literal = pythonString(hostile);
    // Then the literal is one line, and every quote inside is escaped
    expect(literal.split('\n')).toHaveLength(1);
    const inner = literal.slice(1, -1);
    expect(inner.replace(/\\\\/g, '').replace(/\\'/g, '')).not.toContain("'");
    expect(literal.endsWith("\\\\'")).toBe(true);
  });
});

describe('pythonString: names on a shared volume', () => {
  it.each([
    ['plain.h5', "'plain.h5'"],
    ["it's.h5", "'it\\'s.h5'"],
    ['back\\slash', "'back\\\\slash'"],
    ['new\nline', "'new\\nline'"],
    ['tab\there', "'tab\\there'"],
    ['nul\u0000x', "'nul\\x00x'"],
    ['`rm -rf ~`.h5', "'`rm -rf ~`.h5'"],
    ['café', "'café'"]
  ])('quotes %j as a single inert Python string', (value, expected) => {
    expect(pythonString(value)).toBe(expected);
  });
});

describe('pythonNumber', () => {
  it('refuses values Python cannot spell as a literal', () => {
    expect(pythonNumber(-60.5)).toBe('-60.5');
    expect(() => pythonNumber(NaN)).toThrow(RangeError);
  });
});
