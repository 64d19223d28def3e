import { PgPreflightError } from '../core/pgpreflight-error.js';
import type { DatabaseClient } from './database-client.js';

/**
 * The client as work inside a transaction must see it: after every call, the session must still be
 * in that transaction. A statement that ended it (a COMMIT or ROLLBACK in a text from the config)
 * stops the work at once, so nothing after it runs in autocommit, outside READ ONLY or past the
 * rollback that undoes a workflow.
 */
export function guardTransaction(client: DatabaseClient, what: string): DatabaseClient {
  const checked = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } finally {
      if (!client.inTransaction()) {
        // The escape outranks whatever the call itself said.
        throw new PgPreflightError('TRANSACTION_ENDED', `a statement ended the transaction of ${what}; nothing after it ran`, {
          hint: 'remove COMMIT, ROLLBACK and other transaction control from the SQL in the config and the files it names',
        });
      }
    }
  };
  return {
    dialect: client.dialect,
    query: (text, params, options) => checked(() => client.query(text, params, options)),
    exec: (script) => checked(() => client.exec(script)),
    copyOut: (query) => checked(() => client.copyOut(query)),
    copyIn: (into, rows) => checked(() => client.copyIn(into, rows)),
    inTransaction: () => client.inTransaction(),
    close: () => client.close(),
  };
}
