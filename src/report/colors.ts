/**
 * The colour functions renderers use. The CLI decides whether colour is on (TTY, NO_COLOR,
 * --no-color) and passes either real ANSI colours or identity functions, so renderers stay pure.
 */
export interface Colors {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly blue: (text: string) => string;
  readonly cyan: (text: string) => string;
  readonly magenta: (text: string) => string;
}

const identity = (text: string): string => text;

export const NO_COLORS: Colors = {
  bold: identity,
  dim: identity,
  red: identity,
  green: identity,
  yellow: identity,
  blue: identity,
  cyan: identity,
  magenta: identity,
};
