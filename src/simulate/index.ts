/**
 * The upstream simulator: what every gateway test and benchmark talks to instead of the paid APIs.
 * @see README.md
 */
export { startSimulator, type RunningSimulator, type SimulatorOptions } from './server.ts';
export { runSimulateCommand, SIMULATE_HELP } from './simulate-command.ts';
export {
  SimulatorState,
  type Fault,
  type FaultInput,
  type FaultMode,
  type RecordedRequest,
  type SimulatorStats,
} from './simulator-state.ts';
export { parseDirectives, type Directives } from './directives.ts';
