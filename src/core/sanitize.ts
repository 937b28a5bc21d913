/**
 * Untrusted text on its way to a terminal or the web page. Control characters (C0, DEL, C1, hence
 * every ESC sequence) and the invisible bidi and line-separator controls that can
 * disguise text are written as escapes; a backslash is doubled so that the escaped
 * text names exactly one original (the mapping is injective).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escapeOne = (char: string): string => {
  if (char === '\\') return '\\\\';
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
};

export const sanitize = (text: string): string => (UNSAFE.test(text) ? text.replace(UNSAFE, escapeOne) : text);

/** What JSON.stringify leaves raw that a terminal would act on: DEL, C1, and the invisible controls. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text for a terminal or the web page: the characters above written as JSON's own `\uXXXX`
 * escapes, so the text stays valid JSON that reads back to the same value, and no
 * backslash needs doubling.
 */
export const sanitizeJson = (json: string): string =>
  json.replace(UNSAFE_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
