import type { DriftItem } from '../../report/drift-result.js';

const WHY: Readonly<Record<DriftItem['kind'], string>> = {
  missing: 'missing on the target',
  extra: 'on the target, in no migration',
  different: 'differs on the target',
};

/**
 * The config snippet (JSON, which a .ts or .js config also accepts) that allows today's drift:
 * known entries keep their reason; new ones get a placeholder a person replaces with the real one.
 */
export function allowlistSnippet(items: readonly DriftItem[]): string {
  const allow = items.map((item) => ({
    object: item.object,
    reason: item.reason ?? `TODO: why this is accepted (${WHY[item.kind]})`,
  }));
  return `${JSON.stringify({ drift: { allow } }, null, 2)}\n`;
}
