// The escaping rules are core's, so that the web page (src/web) shows untrusted text as the terminal does.
export { sanitize, sanitizeJson } from '../core/sanitize.js';
