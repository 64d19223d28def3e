import { scenarioSuite } from './scenario-suite.js';
import type { Scenario } from './scenarios.js';

// Issue 15 item 3: exclusion constraints and domain constraints, each a breaking case and its clean twin.
const BOOKINGS = `CREATE TABLE booking (id bigint PRIMARY KEY, room int, during tsrange, cancelled boolean NOT NULL DEFAULT false);\n`;
// An expression key (room as a one-value range: gist on a plain integer needs btree_gist) and a WHERE.
const NO_OVERLAP = `ALTER TABLE booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist (int4range(room, room, '[]') WITH &&, during WITH &&) WHERE (NOT cancelled);\n`;

const QTY = 'CREATE DOMAIN quantity AS integer;\nCREATE TABLE line (id bigint PRIMARY KEY, qty quantity, code text);\n';

export const CONSTRAINT_KIND_SCENARIOS: readonly Scenario[] = [
  {
    name: 'an exclusion constraint over overlapping bookings',
    init: BOOKINGS,
    // 1 and 2 overlap in room 1; 3 overlaps too but is cancelled; 4 has no range; 5 is another room.
    seed: `INSERT INTO booking (id, room, during, cancelled) VALUES
      (1, 1, '[2024-01-01 10:00, 2024-01-01 12:00)', false), (2, 1, '[2024-01-01 11:00, 2024-01-01 13:00)', false),
      (3, 1, '[2024-01-01 10:30, 2024-01-01 11:30)', true), (4, 1, NULL, false), (5, 2, '[2024-01-01 10:00, 2024-01-01 12:00)', false);`,
    pending: NO_OVERLAP,
    sqlState: '23P01',
    rule: 'exclusion-conflicts',
    count: 1,
    message: '1 pair of rows in booking conflict under exclusion constraint booking_no_overlap',
  },
  {
    name: 'twin: an exclusion constraint over back-to-back bookings',
    init: BOOKINGS,
    seed: `INSERT INTO booking (id, room, during, cancelled) VALUES
      (1, 1, '[2024-01-01 10:00, 2024-01-01 12:00)', false), (2, 1, '[2024-01-01 12:00, 2024-01-01 13:00)', false),
      (3, 1, '[2024-01-01 10:30, 2024-01-01 11:30)', true), (4, 2, '[2024-01-01 10:00, 2024-01-01 12:00)', false);`,
    pending: NO_OVERLAP,
    rule: 'exclusion-conflicts',
  },
  {
    name: 'a domain CHECK that rows of the domain violate',
    init: QTY,
    seed: 'INSERT INTO line (id, qty) VALUES (1, 5), (2, 0), (3, -1), (4, NULL);',
    pending: 'ALTER DOMAIN quantity ADD CONSTRAINT quantity_positive CHECK (VALUE > 0);\n',
    sqlState: '23514',
    rule: 'domain-check-violated-by-rows',
    count: 2,
    message: 'violates CHECK quantity_positive of domain public.quantity',
  },
  {
    name: 'twin: a domain CHECK every row meets',
    init: QTY,
    seed: 'INSERT INTO line (id, qty) VALUES (1, 5), (2, NULL);',
    pending: 'ALTER DOMAIN quantity ADD CONSTRAINT quantity_positive CHECK (VALUE > 0);\n',
    rule: 'domain-check-violated-by-rows',
  },
  {
    name: 'SET NOT NULL on a domain whose columns hold NULLs',
    init: QTY,
    seed: 'INSERT INTO line (id, qty) VALUES (1, 5), (2, NULL), (3, NULL);',
    pending: 'ALTER DOMAIN quantity SET NOT NULL;\n',
    sqlState: '23502',
    rule: 'domain-not-null-violated-by-rows',
    count: 2,
  },
  {
    name: 'twin: SET NOT NULL on a domain without NULLs',
    init: QTY,
    seed: 'INSERT INTO line (id, qty) VALUES (1, 5), (2, 7);',
    pending: 'ALTER DOMAIN quantity SET NOT NULL;\n',
    rule: 'domain-not-null-violated-by-rows',
  },
  {
    name: 'a column retyped to a domain whose CHECK its values violate',
    init: `${QTY}CREATE DOMAIN upper_code AS text CONSTRAINT upper_code_check CHECK (VALUE = upper(VALUE));\n`,
    seed: "INSERT INTO line (id, code) VALUES (1, 'AB'), (2, 'cd'), (3, NULL);",
    pending: 'ALTER TABLE line ALTER COLUMN code TYPE upper_code;\n',
    sqlState: '23514',
    rule: 'domain-check-violated-by-rows',
    count: 1,
    message: 'which the column is retyped to',
  },
];

scenarioSuite('check probes exclusion and domain constraints on real rows', CONSTRAINT_KIND_SCENARIOS);
