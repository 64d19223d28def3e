import type { SourceText } from './source-text.js';
import type { SqlComment } from './statement.js';

/**
 * The comments in a stretch of text that lies between statements. Such text holds only
 * whitespace, semicolons and comments (the parser consumed every other token), so a small scanner
 * that knows `--` and nested slash-star comments is exact here and avoids a second WASM pass.
 */
export function gapComments(source: SourceText, from: number, to: number): SqlComment[] {
  const text = source.text;
  const comments: SqlComment[] = [];
  let i = from;
  while (i < to) {
    if (text.startsWith('--', i)) {
      let end = text.indexOf('\n', i);
      if (end === -1 || end > to) end = to;
      const commentText = text.slice(i, end).replace(/\r$/, '');
      comments.push({ text: commentText, start: i, line: source.position(i).line });
      i = end;
    } else if (text.startsWith('/*', i)) {
      let depth = 1;
      let j = i + 2;
      while (j < to && depth > 0) {
        if (text.startsWith('/*', j)) {
          depth++;
          j += 2;
        } else if (text.startsWith('*/', j)) {
          depth--;
          j += 2;
        } else j++;
      }
      comments.push({ text: text.slice(i, j), start: i, line: source.position(i).line });
      i = j;
    } else i++;
  }
  return comments;
}
