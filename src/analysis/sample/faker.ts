import { createHmac, randomBytes } from 'node:crypto';
import { PgPreflightError } from '../../core/pgpreflight-error.js';

/** How a masked column's values are faked, from its (base) type. */
export type FakeKind = 'text' | 'int2' | 'int4' | 'int8' | 'decimal' | 'uuid' | 'date' | 'json' | 'bytea';

/** The fake kind of a type (`pg_type.typname` of the base type, `typcategory`); undefined when it has none. */
export function fakeKindOf(typeName: string, category: string): FakeKind | undefined {
  switch (typeName) {
    case 'int2':
    case 'int4':
    case 'int8':
    case 'uuid':
    case 'bytea':
      return typeName;
    case 'numeric':
    case 'float4':
    case 'float8':
      return 'decimal';
    case 'date':
    case 'timestamp':
    case 'timestamptz':
      return 'date';
    case 'json':
    case 'jsonb':
      return 'json';
    default:
      return category === 'S' ? 'text' : undefined;
  }
}

const INT_LIMITS: Readonly<Record<string, bigint>> = { int2: 32_767n, int4: 2_147_483_647n, int8: 9_223_372_036_854_775_807n };
const MAX_ATTEMPTS = 1000;

/**
 * Deterministic fakes for masked values, as the text PostgreSQL prints them (ISO dates, hex bytea).
 * The same input always gets the same fake within a run, across tables — so joins, foreign keys
 * and duplicates survive — and two different inputs never share one (uniqueness holds). A fake
 * keeps the type and the shape (digits stay digits, letters letters, length and punctuation kept,
 * so length limits and format CHECKs still pass) and is never the real value. Fakes come from an
 * HMAC under a key drawn for the run, so they cannot be reversed by hashing guesses.
 */
export class Faker {
  private readonly key = randomBytes(32);
  private readonly fakes = new Map<string, string>();
  private readonly taken = new Set<string>();

  fake(kind: FakeKind, value: string): string {
    const id = `${kind}\u0000${value}`;
    const known = this.fakes.get(id);
    if (known !== undefined) return known;
    if (kind === 'json') return this.remember(id, this.fakeJson(value));
    // Nothing to hide in an empty string or a special value such as NaN or infinity.
    if (value === '' || /^[-+]?(nan|infinity)$/i.test(value)) return value;
    const space = kind.startsWith('int') ? 'int' : kind;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const random = this.stream(`${id}\u0000${attempt}`);
      const candidate = generate(kind, value, random);
      if (candidate === undefined || candidate === value || this.taken.has(`${space}\u0000${candidate}`)) continue;
      this.taken.add(`${space}\u0000${candidate}`);
      return this.remember(id, candidate);
    }
    throw new PgPreflightError('USAGE', `mask: no distinct fake left for a ${kind} value of ${value.length} characters`, {
      hint: 'a masked column with very short values cannot keep them unique; narrow the mask pattern',
    });
  }

  private remember(id: string, fake: string): string {
    this.fakes.set(id, fake);
    return fake;
  }

  private fakeJson(value: string): string {
    const walk = (node: unknown): unknown => {
      if (typeof node === 'string') return this.fake('text', node);
      if (typeof node === 'number') return Number(this.fake('decimal', String(node)));
      if (Array.isArray(node)) return node.map(walk);
      if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
      return node;
    };
    return JSON.stringify(walk(JSON.parse(value)));
  }

  /** An endless keyed stream: `next(n)` gives an integer in [0, n). */
  private stream(seed: string): Random {
    let block = 0;
    let bytes = Buffer.alloc(0);
    let at = 0;
    const byte = (): number => {
      if (at >= bytes.length) {
        bytes = createHmac('sha256', this.key).update(`${seed}\u0000${block++}`).digest();
        at = 0;
      }
      return bytes[at++]!;
    };
    return { next: (n) => ((byte() << 16) | (byte() << 8) | byte()) % n, byte };
  }
}

interface Random {
  next(n: number): number;
  byte(): number;
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();

function generate(kind: Exclude<FakeKind, 'json'>, value: string, random: Random): string | undefined {
  switch (kind) {
    case 'text':
      return fakeText(value, random);
    case 'int2':
    case 'int4':
    case 'int8': {
      const text = fakeDigits(value, random);
      const magnitude = BigInt(text.replace(/^[-+]/, ''));
      return magnitude <= INT_LIMITS[kind]! ? text : undefined;
    }
    case 'decimal': {
      // The exponent of a float stays as it is: changing it could leave the type's range.
      const [mantissa, exponent] = value.split(/(?=[eE])/);
      return fakeDigits(mantissa!, random) + (exponent ?? '');
    }
    case 'uuid': {
      const hex = Array.from({ length: 16 }, (_, i) => {
        let b = random.byte();
        if (i === 6) b = (b & 0x0f) | 0x40;
        if (i === 8) b = (b & 0x3f) | 0x80;
        return b.toString(16).padStart(2, '0');
      }).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }
    case 'date':
      return fakeDate(value, random);
    case 'bytea':
      return `\\x${Array.from({ length: (value.length - 2) / 2 }, () => random.byte().toString(16).padStart(2, '0')).join('')}`;
  }
}

/** Digits stay digits, letters letters of the same case, everything else as it is. */
function fakeText(value: string, random: Random): string {
  let changed = false;
  const out = [...value].map((ch) => {
    if (/[0-9]/.test(ch)) return ((changed = true), String(random.next(10)));
    if (/[A-Z]/.test(ch)) return ((changed = true), UPPER[random.next(26)]!);
    if (/\p{L}/u.test(ch)) return ((changed = true), LOWER[random.next(26)]!);
    return ch;
  });
  return changed ? out.join('') : [...value].map(() => LOWER[random.next(26)]!).join('');
}

/** Every digit replaced, a leading digit of a multi-digit number never 0. */
function fakeDigits(value: string, random: Random): string {
  let leading = true;
  return [...value]
    .map((ch, i) => {
      if (!/[0-9]/.test(ch)) {
        leading = ch === '-' || ch === '+';
        return ch;
      }
      const multi = /[0-9]/.test(value[i + 1] ?? '');
      const digit = leading && multi ? 1 + random.next(9) : random.next(10);
      leading = false;
      return String(digit);
    })
    .join('');
}

/** ISO dates and timestamps moved by up to ten years, time of day and zone kept. */
function fakeDate(value: string, random: Random): string | undefined {
  const match = /^(\d{4,})-(\d{2})-(\d{2})(.*)$/.exec(value);
  if (!match) return undefined;
  const days = (1 + random.next(3650)) * (random.next(2) ? 1 : -1);
  const moved = new Date(0);
  moved.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days);
  const year = moved.getUTCFullYear();
  if (year < 1 || year > 9999) return undefined;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${String(year).padStart(4, '0')}-${pad(moved.getUTCMonth() + 1)}-${pad(moved.getUTCDate())}${match[4]}`;
}
