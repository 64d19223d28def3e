/** SPEC "Exit codes": the same meaning for every command. */
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  environment: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
