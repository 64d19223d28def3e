import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSupabaseMigrations } from '../../src/migrations/supabase/list-supabase-migrations.js';
import { splitSupabaseStatements } from '../../src/migrations/supabase/split-supabase-statements.js';
import { supabaseFormat } from '../../src/migrations/supabase/supabase-format.js';
import { sha256Hex } from '../../src/migrations/sha256-hex.js';

const root = path.resolve(import.meta.dirname, '../../../shared/corpus/chatbot-ui');
const migrationsDir = path.join(root, 'supabase', 'migrations');

// Statements per file as the Supabase CLI's own parser (pkg/parser SplitAndTrim, compiled from
// source) splits them — what `supabase db push` records in schema_migrations.statements.
const CLI_STATEMENT_COUNTS: Readonly<Record<string, number>> = {
  '20240108234540_setup': 8,
  '20240108234541_add_profiles': 14,
  '20240108234542_add_workspaces': 10,
  '20240108234543_add_folders': 6,
  '20240108234544_add_files': 21,
  '20240108234545_add_file_items': 10,
  '20240108234546_add_presets': 13,
  '20240108234547_add_assistants': 21,
  '20240108234548_add_chats': 12,
  '20240108234549_add_messages': 19,
  '20240108234550_add_prompts': 13,
  '20240108234551_add_collections': 21,
  '20240115135033_add_openrouter': 1,
  '20240115171510_add_assistant_files': 14,
  '20240115171524_add_tools': 13,
  '20240115172125_add_assistant_tools': 7,
  '20240118224049_add_azure_embeddings': 1,
  '20240124234424_tool_improvements': 1,
  '20240125192042_upgrade_openai_models': 11,
  '20240125194719_add_custom_models': 13,
  '20240129232644_add_workspace_images': 9,
  '20240212063532_add_at_assistants': 1,
  '20240213040255_remove_request_in_body_from_tools': 1,
  '20240213085646_add_context_length_to_custom_models': 1,
  '20240302004845_add_groq': 1,
};

describe.skipIf(!existsSync(migrationsDir))('chatbot-ui corpus (Supabase layout)', () => {
  it('is detected from the project root, the supabase folder and the migrations folder', async () => {
    const expected = { format: 'supabase', migrationsDir, projectRoot: root };
    expect(await supabaseFormat.detect(root)).toEqual(expected);
    expect(await supabaseFormat.detect(path.join(root, 'supabase'))).toEqual(expected);
    expect(await supabaseFormat.detect(migrationsDir)).toEqual(expected);
  });

  it('lists the 25 migrations in the CLI order with versions and names, and no warnings', async () => {
    const { migrations, warnings } = await listSupabaseMigrations((await supabaseFormat.detect(root))!);
    expect(warnings).toEqual([]);
    expect(migrations.map((m) => m.id)).toEqual(Object.keys(CLI_STATEMENT_COUNTS));
    expect(migrations[0]).toMatchObject({
      historyKey: '20240108234540',
      name: 'setup',
      path: 'supabase/migrations/20240108234540_setup.sql',
    });
    expect(migrations[24]).toMatchObject({ historyKey: '20240302004845', name: 'add_groq' });
    expect(migrations.find((m) => m.historyKey === '20240213085646')?.name).toBe('add_context_length_to_custom_models');
    for (const migration of migrations) {
      expect(migration.checksum).toBe(sha256Hex(readFileSync(migration.absolutePath)));
    }
  });

  it('splits every file into as many statements as the CLI does', async () => {
    const { migrations } = await supabaseFormat.list((await supabaseFormat.detect(root))!);
    const counts = Object.fromEntries(migrations.map((m) => [m.id, splitSupabaseStatements(m.sql).length]));
    expect(counts).toEqual(CLI_STATEMENT_COUNTS);
  });

  it('keeps dollar-quoted function bodies whole, with the comment that precedes them', () => {
    const statements = splitSupabaseStatements(readFileSync(path.join(migrationsDir, '20240108234540_setup.sql')));
    expect(statements[0]).toBe('-- Enable HTTP extension\ncreate extension http with schema extensions');
    expect(statements[2]!.startsWith('-- Function to update modified column\nCREATE OR REPLACE FUNCTION update_updated_at_column()')).toBe(
      true,
    );
    expect(statements[2]!.endsWith("    NEW.updated_at = now(); \n    RETURN NEW; \nEND;\n$$ language 'plpgsql'")).toBe(true);
    // A body with a string holding "--" and a trailing comment after a semicolon, inside $$.
    expect(statements[6]).toContain("service_role_key TEXT := 'eyJ");
    expect(statements[6]).toContain('; -- full access needed for http request to storage\n');
    expect(statements[6]!.endsWith('END;\n$$')).toBe(true);
    expect(statements[7]!.startsWith('-- Function to delete a storage object from a bucket')).toBe(true);
  });

  it('keeps a body with inner comments and many statements in one piece', () => {
    const statements = splitSupabaseStatements(readFileSync(path.join(migrationsDir, '20240125192042_upgrade_openai_models.sql')));
    expect(statements[0]).toBe(
      "-- WORKSPACES\n\nUPDATE workspaces\nSET default_model = 'gpt-4-turbo-preview'\nWHERE default_model = 'gpt-4-1106-preview'",
    );
    const fn = statements[10]!;
    expect(fn.startsWith('-- PROFILES\n\nCREATE OR REPLACE FUNCTION create_profile_and_workspace()')).toBe(true);
    expect(fn).toContain("'gpt-4-turbo-preview', -- Updated default model\n");
    expect(fn.endsWith('    RETURN NEW;\nEND;\n$$')).toBe(true);
  });
});
