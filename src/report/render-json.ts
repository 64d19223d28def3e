import { JSON_SCHEMA_VERSION, TOOL_NAME, TOOL_VERSION } from '../core/tool-version.js';

interface CommandResult {
  readonly command: string;
}

/** SPEC "JSON output": one document, the envelope first, then the command's result fields. */
export function renderJson(result: CommandResult): string {
  const { command, ...rest } = result;
  return `${JSON.stringify({ tool: TOOL_NAME, version: TOOL_VERSION, schemaVersion: JSON_SCHEMA_VERSION, command, ...rest }, null, 2)}\n`;
}

export interface JsonErrorInput {
  readonly command: string;
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

/** With --format json, a failure is still one JSON document, so scripts never parse a half-report. */
export function renderJsonError(input: JsonErrorInput): string {
  const { command, ...error } = input;
  return renderJson({ command, error } as CommandResult);
}
