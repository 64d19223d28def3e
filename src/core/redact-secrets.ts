/**
 * The one place secrets are removed from text. Every byte pgpreflight prints or writes passes
 * through `redactSecrets`, so a password cannot leak through an error message, a report or a log,
 * whatever code produced the text.
 */

const MASK = '***';

// Values seen at run time (URL passwords, PGPASSWORD): redacted wherever they appear, also when a
// server or library echoes them back in a form no pattern below recognises.
const knownSecrets = new Set<string>();

// Shorter values would mask ordinary words; such passwords are still caught by the patterns.
const MIN_KNOWN_SECRET_LENGTH = 4;

export function registerSecret(secret: string | undefined | null): void {
  if (!secret || secret.length < MIN_KNOWN_SECRET_LENGTH) return;
  knownSecrets.add(secret);
  for (const encoded of [encodeURIComponent(secret), encodeURI(secret)]) {
    if (encoded !== secret) knownSecrets.add(encoded);
  }
}

/**
 * Registers the password of a connection string before anything parses it, so that even a message
 * about a malformed URL is redacted.
 */
export function registerSecretsInUrl(url: string): void {
  const password = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:([^\s]*)@/i.exec(url)?.[1];
  if (password) {
    registerSecret(password);
    try {
      registerSecret(decodeURIComponent(password));
    } catch {
      // A malformed escape is still registered verbatim above.
    }
  }
  for (const match of url.matchAll(/(?:^|[\s?&])(?:ssl)?password\s*=\s*('(?:[^'\\]|\\.)*'|[^\s&]+)/gi)) {
    registerSecret(match[1]!.replace(/^'|'$/g, ''));
  }
}

// scheme://user:password@host — the password runs to the last '@' of the token, because an
// unencoded '@' inside a password is common and URL parsers split on the last one.
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*):[^\s'"]*@/gi;

// password=… in query strings (?password=, &sslpassword=) and key=value DSNs, quoted or not.
const KEY_VALUE = /(\b(?:pg)?(?:ssl)?(?:password|passwd|pwd)\s*=\s*)('(?:[^'\\]|\\.)*'|"[^"]*"|[^\s&;'",]+)/gi;

// A JSON-serialised key: "password":"…"
const JSON_KEY = /("(?:ssl)?password"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

export function redactSecrets(text: string): string {
  let out = text.replace(URL_USERINFO, `$1:${MASK}@`).replace(KEY_VALUE, `$1${MASK}`).replace(JSON_KEY, `$1"${MASK}"`);
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(MASK);
  }
  return out;
}

/** Redacts every string inside a JSON-like value, keys included. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[redactSecrets(key)] = redactDeep(item);
    return out as T;
  }
  return value;
}
