const HIDDEN = '…';

// Row values PostgreSQL puts in messages and DETAIL lines (personal data in production):
//   Failing row contains (42, jane@example.com, …).
//   Key (email)=(jane@example.com) already exists.   Key (item_id)=(5) is not present in table "items".
//   invalid input syntax for type integer: "abc"      invalid input value for enum role: "admn"
const FAILING_ROW = /(Failing row contains \().*(\))/g;
const KEY_VALUES =
  /(\b[Kk]ey \((?:[^()]|\([^()]*\))*\)=\().*?(\)(?: already exists| is not present| is still referenced| conflicts with|\.?$))/gm;
const INPUT_VALUE = /(invalid input (?:syntax|value) for (?:type|enum) [^:]+: ")[^"]*(")/g;
const SQL_STRING = /(E?')(?:[^']|'')*(')/g;

/** Row values in an error's text replaced by `…`: what watch shows unless --show-values. */
export function redactValues(text: string): string {
  return text.replace(FAILING_ROW, `$1${HIDDEN}$2`).replace(KEY_VALUES, `$1${HIDDEN}$2`).replace(INPUT_VALUE, `$1${HIDDEN}$2`);
}

/** A statement with its string literals replaced: a query that inlines values carries them too. */
export function redactStatement(sql: string): string {
  return sql.replace(SQL_STRING, `$1${HIDDEN}$2`);
}
