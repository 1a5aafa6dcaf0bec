/**
 * Every cross-engine scenario, registered for one engine: each engine's test file calls this,
 * so the scenarios are written once and jest reports them per engine.
 */
import { useEngine, type EngineName } from '../harness';
import { compare } from './compare';
import { consent } from './consent';
import { credentials } from './credentials';
import { delivery } from './delivery';
import { pipeline } from './pipeline';
import { proxy } from './proxy';
import { telemetry } from './telemetry';
import { trace } from './trace';

export const scenarios = (engine: EngineName): void => {
  jest.setTimeout(120_000);
  const t = useEngine(engine);
  pipeline(engine, t);
  telemetry(engine, t);
  credentials(engine, t);
  trace(engine, t);
  consent(engine, t);
  compare(engine, t);
  delivery(engine, t);
  proxy(engine, t);
};
