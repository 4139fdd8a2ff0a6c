const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** Index of the quote closing the string that opens at `start`, or -1. Does not check the string's contents. */
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
const isDigit = (c: number): boolean => c >= ZERO && c <= NINE;
const isHex = (c: number): boolean =>
  (c >= ZERO && c <= NINE) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

function nextNonSpace(line: string, from: number): number {
  let i = from;
  while (i < line.length && isSpace(line.charCodeAt(i))) i++;
  return i;
}

/** Whether the escape whose backslash is at `at` is one JSON allows. */
function validEscape(line: string, at: number): boolean {
  switch (line.charCodeAt(at + 1)) {
    case QUOTE:
    case BACKSLASH:
    case 47: // /
    case 98: // b
    case 102: // f
    case 110: // n
    case 114: // r
    case 116: // t
      return true;
    case 117: // u
      return (
        isHex(line.charCodeAt(at + 2)) &&
        isHex(line.charCodeAt(at + 3)) &&
        isHex(line.charCodeAt(at + 4)) &&
        isHex(line.charCodeAt(at + 5))
      );
    default:
      return false;
  }
}

/** End (exclusive) of the number at `start` if it follows JSON's number grammar, or -1. */
function numberEnd(line: string, start: number): number {
  let i = start;
  if (line.charCodeAt(i) === MINUS) i++;
  const first = line.charCodeAt(i);
  if (first === ZERO) i++;
  else if (first > ZERO && first <= NINE) while (isDigit(line.charCodeAt(++i)));
  else return -1;
  if (line.charCodeAt(i) === DOT) {
    if (!isDigit(line.charCodeAt(++i))) return -1;
    while (isDigit(line.charCodeAt(++i)));
  }
  const e = line.charCodeAt(i);
  if (e === 101 || e === 69) {
    const sign = line.charCodeAt(++i);
    if (sign === PLUS || sign === MINUS) i++;
    if (!isDigit(line.charCodeAt(i))) return -1;
    while (isDigit(line.charCodeAt(++i)));
  }
  return i;
}

/** End (exclusive) of the literal or number at `start`, or -1. */
function scalarEnd(line: string, start: number): number {
  switch (line.charCodeAt(start)) {
    case 116: // t
      return line.startsWith('true', start) ? start + 4 : -1;
    case 102: // f
      return line.startsWith('false', start) ? start + 5 : -1;
    case 110: // n
      return line.startsWith('null', start) ? start + 4 : -1;
    default:
      return numberEnd(line, start);
  }
}

// What may come next while checking a value.
const VALUE = 0;
const VALUE_OR_CLOSE = 1; // just after `[`
const KEY = 2;
const KEY_OR_CLOSE = 3; // just after `{`
const COLON_NEXT = 4;
const COMMA_OR_CLOSE = 5;

/**
 * End (exclusive) of the JSON value starting at `start`, or -1 when it is not valid JSON. Checks
 * the grammar (brackets of matching types, `"key":` before each member's value, commas between
 * members and elements and none trailing, literals, numbers) and every string's escapes, as
 * `JSON.parse` does, except for one thing: raw control characters (U+0000–U+001F) inside strings
 * are not looked for. Finding them needs a pass over every character of the strings, which costs
 * far more than the 15% of this scan allowed for it (measured on realistic lines: a regular-expression
 * search for them took the scan from 41 to 78 ms), and JSON writers, Bedrock's included, escape them.
 *
 * String contents are only searched with `indexOf`, for quotes and for backslashes, each search
 * running over the value once in all; every backslash the search finds is an escape, checked
 * where it is (a backslash outside a string is a syntax error in itself). Whatever ends a
 * top-level number or literal is checked by `JSON.parse` of the rest of the line.
 */
function valueEnd(line: string, start: number): number {
  const open: number[] = []; // OPEN_OBJECT or OPEN_ARRAY, innermost last
  let state = VALUE;
  let backslash = line.indexOf('\\', start); // the next one at or after the scan, -1 when none is left
  for (let i = start; i < line.length; i++) {
    const c = line.charCodeAt(i);
    switch (c) {
      case QUOTE: {
        if (state === KEY || state === KEY_OR_CLOSE) state = COLON_NEXT;
        else if (state === VALUE || state === VALUE_OR_CLOSE) state = COMMA_OR_CLOSE;
        else return -1;
        let q = line.indexOf('"', i + 1);
        for (;;) {
          if (q === -1) return -1;
          if (backslash === -1 || backslash > q) break;
          // An escape before the quote found: check it, and look further if it escaped that quote.
          if (!validEscape(line, backslash)) return -1;
          const after = backslash + (line.charCodeAt(backslash + 1) === 117 ? 6 : 2);
          if (after > q) q = line.indexOf('"', after);
          backslash = line.indexOf('\\', after);
        }
        if (open.length === 0) return q + 1;
        i = q;
        break;
      }
      case COLON:
        if (state !== COLON_NEXT) return -1;
        state = VALUE;
        break;
      case COMMA:
        if (state !== COMMA_OR_CLOSE) return -1;
        state = open[open.length - 1] === OPEN_OBJECT ? KEY : VALUE;
        break;
      case OPEN_OBJECT:
      case OPEN_ARRAY:
        if (state !== VALUE && state !== VALUE_OR_CLOSE) return -1;
        open.push(c);
        state = c === OPEN_OBJECT ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
        break;
      case CLOSE_OBJECT:
      case CLOSE_ARRAY: {
        const expected = c === CLOSE_OBJECT ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
        if ((state !== COMMA_OR_CLOSE && state !== expected) || open.pop() !== c - 2) return -1;
        if (open.length === 0) return i + 1;
        state = COMMA_OR_CLOSE;
        break;
      }
      case 32:
      case 9:
      case 10:
      case 13:
        break;
      default: {
        if (state !== VALUE && state !== VALUE_OR_CLOSE) return -1;
        const end = scalarEnd(line, i);
        if (end === -1) return -1;
        if (open.length === 0) return end;
        i = end - 1;
        state = COMMA_OR_CLOSE;
      }
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
 * inline body, and undefined when a body is not valid JSON or the line's brackets or strings do
 * not balance (the caller then parses the whole line, which reports it as invalid JSON).
 *
 * A body's syntax is checked as `JSON.parse` would check it, without building anything and with
 * string contents only searched (`indexOf`), never walked character by character, so a line is
 * rejected exactly when its full parse would fail, with one known gap: a raw control character
 * (U+0000–U+001F) inside a body's string is not detected (see `valueEnd` for why). Everything
 * outside the bodies is parsed by `JSON.parse`.
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
