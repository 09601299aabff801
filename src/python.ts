/**
 * Python literals for generated notebook code.
 *
 * Every value a user or a shared volume supplies (product names, patterns,
 * file names, HDF5 paths) is written with `repr()`-style escaping, so a
 * hostile value cannot break out of its string and run code.
 */

/**
 * A Python string literal for `text`, as `repr()` would write it (single
 * quotes; backslashes, quotes and control or line-separator characters escaped).
 */
export function pythonString(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (char === '\\' || char === "'") {
      out += '\\' + char;
    } else if (char === '\n') {
      out += '\\n';
    } else if (char === '\r') {
      out += '\\r';
    } else if (char === '\t') {
      out += '\\t';
    } else if (code < 0x20 || (code >= 0x7f && code <= 0xa0)) {
      out += '\\x' + code.toString(16).padStart(2, '0');
    } else if (code === 0x2028 || code === 0x2029 || code === 0xfeff) {
      out += '\\u' + code.toString(16).padStart(4, '0');
    } else {
      out += char;
    }
  }
  return `'${out}'`;
}

/**
 * A Python number literal; refuses NaN and infinities (no Python literal).
 */
export function pythonNumber(value: number): string {
  if (!Number.isFinite(value)) {
    throw new RangeError(`Not a finite number: ${value}`);
  }
  return String(value);
}
