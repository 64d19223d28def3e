import { afterAll, describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../../src/cli/json-error-offset.js';
import { loadConfig } from '../../src/cli/load-config.js';
import { fixtureProject } from '../support/fixture-project.js';

// Broken JSON configs and where each stops being JSON (line:column); the first two V8 reports without a position.
const BROKEN: readonly [string, string][] = [
  ['{\n  "migrations": { "dir": "db" },\n  "verify": { "queryTimeoutMs": tru }\n}\n', '3:33'],
  ['{\n  "migrations": { "dir": "db" }\n', '3:1'],
  ['{\n  "migrations": { "dir": "db" }\n  "verify": {}\n}\n', '3:3'],
  ['{ "a": [1, 2,] }', '1:14'],
  ['{ "a": "x\ty" }', '1:10'],
];

describe('a JSON config with a syntax error names its line and column', () => {
  const project = fixtureProject('pgpreflight-json-config-');
  afterAll(() => project.remove());

  for (const [text, at] of BROKEN) {
    it(`${JSON.stringify(text).slice(0, 50)} → ${at}`, async () => {
      project.write('pgpreflight.config.json', text);
      await expect(loadConfig(project.root)).rejects.toMatchObject({
        code: 'CONFIG_SYNTAX',
        message: expect.stringMatching(new RegExp(`^pgpreflight\\.config\\.json:${at}: invalid JSON`)),
      });
    });
  }

  it('the reader agrees with JSON.parse on valid JSON (the clean twins)', async () => {
    for (const text of ['{}', '[1, -2.5e3, "a\\u00e9\\n", true, false, null, {"b": []}]', ' { "migrations": { "dir": "db" } }\n']) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(jsonErrorOffset(text)).toBe(-1);
    }
    project.write('pgpreflight.config.json', '{ "migrations": { "dir": "db" } }\n');
    expect((await loadConfig(project.root)).config).toMatchObject({ migrations: { dir: 'db' } });
  });
});
