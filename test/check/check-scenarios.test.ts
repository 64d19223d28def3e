import { scenarioSuite } from './scenario-suite.js';
import { SCENARIOS } from './scenarios.js';

scenarioSuite('check catches what fails on real rows, before deploy', SCENARIOS);
