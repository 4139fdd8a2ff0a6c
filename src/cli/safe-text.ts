/**
 * Making untrusted cell text safe where it lands: a spreadsheet (CSV) or a terminal (table view).
 * Values come from the lake, and the lake holds what callers put in request metadata.
 */

/** First characters a spreadsheet treats as the start of a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * `text` with a leading `'` when a spreadsheet would run it as a formula (`=HYPERLINK(…)`,
 * `+1+cmd|…`, `@SUM(…)`, a leading tab or CR). Only for string values: callers leave numbers alone.
 */
export function defuseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

// Escape sequences, longest forms first, so their parameters go with them rather than being left
// behind as printable garbage: OSC (title, hyperlink, clipboard) up to BEL or ST; DCS/SOS/PM/APC up
// to ST; CSI (colours, cursor moves, 7- and 8-bit forms); any other two-character ESC sequence.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const OSC = /(?:\x1b\]|\x9d)[\s\S]*?(?:\x07|\x1b\\|\x9c|$)/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const STRING_SEQUENCE = /(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[\s\S]*?(?:\x1b\\|\x9c|$)/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CSI = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const ESC_PAIR = /\x1b[\s\S]?/g;
// Tabs and line breaks would break the table's alignment: they become a space, not nothing, so
// words stay apart. Bidi overrides can make text display in another order than it reads.
const BREAKS = /[\t\n\r\v\f]+/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROLS = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with terminal escape sequences (ESC[…m, OSC …, 8-bit CSI), C0 and C1 control characters,
 * DEL and bidi overrides removed, so a value cannot recolour, retitle or rewrite the terminal.
 */
export function terminalSafe(text: string): string {
  return text
    .replace(OSC, '')
    .replace(STRING_SEQUENCE, '')
    .replace(CSI, '')
    .replace(ESC_PAIR, '')
    .replace(BREAKS, ' ')
    .replace(CONTROLS, '');
}
