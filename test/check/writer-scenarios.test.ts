import { scenarioSuite } from './scenario-suite.js';
import { WRITER_SCENARIOS } from './writer-scenarios.js';

scenarioSuite('check finds the database code a migration breaks, before deploy', WRITER_SCENARIOS);
