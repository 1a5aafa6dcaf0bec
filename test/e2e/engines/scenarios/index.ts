/**
 * Every cross-engine scenario, registered for one engine: each engine's test file calls this,
 * so the scenarios are written once and jest reports them per engine.
 */
import { useEngine, type EngineName } from '../harness';
import { delivery } from './delivery';
import { pipeline } from './pipeline';

export const scenarios = (engine: EngineName): void => {
  jest.setTimeout(120_000);
  const t = useEngine(engine);
  pipeline(engine, t);
  delivery(engine, t);
};
