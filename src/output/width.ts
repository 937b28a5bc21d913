/**
 * Columns a string takes on a terminal, as wcwidth(3) counts them: East Asian wide and
 * fullwidth characters and emoji take 2, marks and joiners 0, a character followed by
 * the emoji variation selector (U+FE0F) 2. A joined emoji sequence (👩‍💻) is counted
 * part by part: terminals that draw it as one glyph draw it narrower, never wider,
 * so a line measured this way always fits.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC
const ANSI = /\u001b\[[0-9;]*m|\u001b\]8;[^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
const ZERO_WIDTH = /^(?:\p{Mn}|\p{Me}|\p{Cf}|[\u1160-\u11ff]|\p{Variation_Selector})$/u;
const WIDE =
  /^(?:\p{Emoji_Presentation}|[\u1100-\u115f\u231a\u231b\u2329\u232a\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\u{16fe0}-\u{18aff}\u{1b000}-\u{1b2ff}\u{1f200}-\u{1f2ff}\u{20000}-\u{3fffd}])$/u;
const EMOJI_VARIATION = '\ufe0f';

export const stripAnsi = (text: string): string => text.replace(ANSI, '');

/** Each character of plain text with the columns it takes. */
function* measured(plain: string): Generator<[char: string, width: number]> {
  const chars = [...plain];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] as string;
    const width = ZERO_WIDTH.test(char) ? 0 : WIDE.test(char) || chars[i + 1] === EMOJI_VARIATION ? 2 : 1;
    yield [char, width];
  }
}

export function displayWidth(text: string): number {
  const plain = stripAnsi(text);
  // Fast path: printable ASCII, Latin-1 and the Latin, IPA and modifier letters after it
  // (Zoë, Ömer, the table's ·) are one column a character; the combining marks start at
  // U+0300. The soft hyphen is a format character, counted below.
  if (/^[\x20-\x7e\xa0-\xac\xae-\u02ff]*$/.test(plain)) return plain.length;
  let width = 0;
  for (const [, w] of measured(plain)) width += w;
  return width;
}

/** Cuts plain text to at most `max` columns, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  if (max <= 0) return '';
  let out = '';
  let width = 0;
  for (const [char, w] of measured(text)) {
    if (width + w > max - 1) break;
    out += char;
    width += w;
  }
  // Marks and joiners that belonged to a character cut off would join the ellipsis.
  return `${out.replace(/[\u200d\ufe0f]+$/u, '')}…`;
}
