import { describe, expect, it } from 'vitest';
import { prismaProject } from '../support/fixture-project.js';
import { runCliProcess } from '../support/run-cli.js';

const INIT = `CREATE TABLE ledger (id bigint PRIMARY KEY, kind text CONSTRAINT ledger_kind_check CHECK (kind IN ('sale', 'schedule')), legacy_code text);\n`;
const CHANGE = `ALTER TABLE ledger DROP CONSTRAINT ledger_kind_check;
ALTER TABLE ledger ADD CONSTRAINT ledger_kind_check CHECK (kind IN ('sale'));
ALTER TABLE ledger DROP COLUMN legacy_code;
`;

interface Hit {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
}

async function check(files: Record<string, string>): Promise<Hit[]> {
  const project = prismaProject({ '20240101000000_init': INIT, '20240201000000_change': CHANGE });
  try {
    for (const [file, text] of Object.entries(files)) project.write(file, text);
    const run = await runCliProcess(['check', '--format', 'json'], { cwd: project.root });
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout);
    return json.findings
      .filter((f: Hit) => f.ruleId.endsWith('-in-source'))
      .map((f: Hit) => ({ ruleId: f.ruleId, severity: f.severity, file: f.file, line: f.line }));
  } finally {
    project.remove();
  }
}

describe('check scans the application for removed values and dropped names', () => {
  it('by default src/, app/, lib/, server/ in each language, with real tokenizers', async () => {
    const hits = await check({
      'src/ledger.ts': `// 'schedule' in a comment is not code\nconst kind = 'schedule';\nconst row = { legacy_code: 1 };\n`,
      'app/view.tsx': `export const V = () => <Badge kind="schedule" />;\n`,
      'server/jobs.py': `KIND = "schedule"\n`,
      'lib/report.sql': `-- 'schedule'\nSELECT legacy_code FROM ledger WHERE kind = 'schedule';\n`,
      'docs/notes.ts': `const kind = 'schedule';\n`,
      'src/node_modules/x/index.js': `module.exports = 'schedule';\n`,
      'prisma/migrations/x.sql': `SELECT 'schedule';\n`,
    });
    expect(hits).toEqual(
      expect.arrayContaining([
        { ruleId: 'removed-value-in-source', severity: 'warning', file: 'src/ledger.ts', line: 2 },
        { ruleId: 'dropped-name-in-source', severity: 'warning', file: 'src/ledger.ts', line: 3 },
        { ruleId: 'removed-value-in-source', severity: 'warning', file: 'app/view.tsx', line: 1 },
        { ruleId: 'removed-value-in-source', severity: 'warning', file: 'server/jobs.py', line: 1 },
        { ruleId: 'removed-value-in-source', severity: 'warning', file: 'lib/report.sql', line: 2 },
        { ruleId: 'dropped-name-in-source', severity: 'warning', file: 'lib/report.sql', line: 2 },
      ]),
    );
    expect(hits).toHaveLength(6);
  });

  it('source.include and source.exclude in the config choose the files', async () => {
    const hits = await check({
      'pgpreflight.config.json': JSON.stringify({ source: { include: ['web/**/*.ts'], exclude: ['web/generated/**'] } }),
      'web/a.ts': `const kind = 'schedule';\n`,
      'web/generated/b.ts': `const kind = 'schedule';\n`,
      'src/c.ts': `const kind = 'schedule';\n`,
    });
    expect(hits).toEqual([{ ruleId: 'removed-value-in-source', severity: 'warning', file: 'web/a.ts', line: 1 }]);
  });
});
