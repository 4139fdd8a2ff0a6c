const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;

/** Index of the quote closing the string that opens at `start`, or -1. */
function stringEnd(line: string, start: number): number {
  let q = line.indexOf('"', start + 1);
  while (q !== -1) {
    let backslashes = 0;
    for (let k = q - 1; line.charCodeAt(k) === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return q;
    q = line.indexOf('"', q + 1);
  }
  return -1;
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

function nextNonSpace(line: string, from: number): number {
  let i = from;
  while (i < line.length && isSpace(line.charCodeAt(i))) i++;
  return i;
}

/** End (exclusive) of the JSON value starting at `start`, checking only that brackets and strings balance; -1 if they do not. */
function valueEnd(line: string, start: number): number {
  const first = line.charCodeAt(start);
  if (first === QUOTE) {
    const end = stringEnd(line, start);
    return end === -1 ? -1 : end + 1;
  }
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    let i = start;
    while (i < line.length) {
      const c = line.charCodeAt(i);
      if (c === 44 || c === CLOSE_OBJECT || c === CLOSE_ARRAY || isSpace(c)) break;
      i++;
    }
    return i === start ? -1 : i;
  }
  let depth = 0;
  for (let i = start; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(line, i);
      if (i === -1) return -1;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

const isKeyAt = (line: string, quote: number, end: number, name: string): boolean =>
  end - quote - 1 === name.length && line.startsWith(name, quote + 1);

/**
 * The record line with the values of `input.inputBodyJson` and `output.outputBodyJson` replaced by
 * `null`, found without parsing them: prompts and completions are the bulk of a line and are never
 * needed, so they are neither parsed nor held in memory. Returns the line unchanged when it has no
 * inline body, and undefined when its brackets or strings do not balance (the caller then parses
 * the whole line, which reports it as invalid JSON). Everything outside the bodies is still parsed
 * strictly by `JSON.parse`; a body's own syntax is not checked.
 */
export function withoutBodies(line: string): string | undefined {
  let depth = 0;
  let topKey: 'input' | 'output' | 'other' = 'other';
  let out: string[] | undefined;
  let copied = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(line, i);
      if (end === -1) return undefined;
      if (depth === 1 || depth === 2) {
        const colon = nextNonSpace(line, end + 1);
        if (line.charCodeAt(colon) === COLON) {
          if (depth === 1) {
            topKey = isKeyAt(line, i, end, 'input')
              ? 'input'
              : isKeyAt(line, i, end, 'output')
                ? 'output'
                : 'other';
          } else if (
            (topKey === 'input' && isKeyAt(line, i, end, 'inputBodyJson')) ||
            (topKey === 'output' && isKeyAt(line, i, end, 'outputBodyJson'))
          ) {
            const start = nextNonSpace(line, colon + 1);
            const stop = valueEnd(line, start);
            if (stop === -1) return undefined;
            out ??= [];
            out.push(line.slice(copied, start), 'null');
            copied = stop;
            i = stop - 1;
            continue;
          }
        }
      }
      i = end;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    }
  }
  if (!out) return line;
  out.push(line.slice(copied));
  return out.join('');
}
