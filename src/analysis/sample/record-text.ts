/**
 * A row in PostgreSQL's composite text form, `(1,"a b",,"x""y")` — what `ROW(…)::text` prints and
 * a cast to the table's row type reads back, exactly, for every column type (the same text COPY
 * uses). Fields are the columns' text values, null for NULL. Rows chosen with parameters (flagged
 * rows, parents) arrive this way, one text per row, and become COPY lines.
 */
export function parseRecordText(text: string): (string | null)[] {
  const fields: (string | null)[] = [];
  let i = 1;
  for (;;) {
    const ch = text[i];
    if (ch === ',' || ch === ')') {
      fields.push(null);
    } else {
      let value = '';
      let quoted = false;
      while (i < text.length) {
        const c = text[i]!;
        if (quoted) {
          if (c === '"' && text[i + 1] === '"') {
            value += '"';
            i += 2;
          } else if (c === '"') {
            quoted = false;
            i++;
          } else if (c === '\\') {
            value += text[i + 1] ?? '';
            i += 2;
          } else {
            value += c;
            i++;
          }
        } else if (c === '"') {
          quoted = true;
          i++;
        } else if (c === '\\') {
          value += text[i + 1] ?? '';
          i += 2;
        } else if (c === ',' || c === ')') {
          break;
        } else {
          value += c;
          i++;
        }
      }
      fields.push(value);
    }
    if (text[i] === ')' || i >= text.length) return fields;
    i++;
  }
}
