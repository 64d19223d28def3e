// PostgreSQL's condition names (Appendix A, errcodes.txt) for the SQLSTATEs a migration or the
// writes after it typically raise; any other code is named by its class.
const NAMES: Readonly<Record<string, string>> = {
  '23502': 'not_null_violation',
  '23503': 'foreign_key_violation',
  '23505': 'unique_violation',
  '23514': 'check_violation',
  '23P01': 'exclusion_violation',
  '22001': 'string_data_right_truncation',
  '22003': 'numeric_value_out_of_range',
  '22007': 'invalid_datetime_format',
  '22P02': 'invalid_text_representation',
  '25001': 'active_sql_transaction',
  '40001': 'serialization_failure',
  '40P01': 'deadlock_detected',
  '42501': 'insufficient_privilege',
  '42601': 'syntax_error',
  '42701': 'duplicate_column',
  '42703': 'undefined_column',
  '42704': 'undefined_object',
  '42710': 'duplicate_object',
  '42804': 'datatype_mismatch',
  '42883': 'undefined_function',
  '42P01': 'undefined_table',
  '42P07': 'duplicate_table',
  '55000': 'object_not_in_prerequisite_state',
  '55P03': 'lock_not_available',
  '57014': 'query_canceled',
  '57P01': 'admin_shutdown',
  '0A000': 'feature_not_supported',
  P0001: 'raise_exception',
};

const CLASSES: Readonly<Record<string, string>> = {
  '08': 'connection_exception',
  '0A': 'feature_not_supported',
  '22': 'data_exception',
  '23': 'integrity_constraint_violation',
  '25': 'invalid_transaction_state',
  '40': 'transaction_rollback',
  '42': 'syntax_error_or_access_rule_violation',
  '53': 'insufficient_resources',
  '55': 'object_not_in_prerequisite_state',
  '57': 'operator_intervention',
  '58': 'system_error',
  P0: 'plpgsql_error',
  XX: 'internal_error',
};

/** "check_violation" for 23514; the class name for a code not listed; undefined for an unknown class. */
export function sqlStateName(code: string): string | undefined {
  return NAMES[code] ?? CLASSES[code.slice(0, 2)];
}
