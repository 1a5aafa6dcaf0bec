/**
 * The faults waiting for the calls they are to hit (what a fault is, and whether one makes
 * sense, is faults.ts's), with the seeded draws that decide the hits of a fault with a
 * `probability`.
 */
import { faultProblem, faultSeedProblem, randomFaultSeed, seededRandom } from './faults';
import type { Fault } from './types';

export class FaultQueue {
  private faults: Array<Fault & { remaining: number }> = [];
  /** The seed of the fault draws, given or random: with it, a run's faults can be replayed. */
  readonly seed: number;
  /** The draws of faults with a `probability`, from `seed`; `reset()` starts them over. */
  private random: () => number;

  /** Throws a TypeError (saying why) for a seed that is not one. */
  constructor(seed: number | undefined) {
    const seedProblem = seed === undefined ? undefined : faultSeedProblem(seed);
    if (seedProblem) throw new TypeError(seedProblem);
    this.seed = seed ?? randomFaultSeed();
    this.random = seededRandom(this.seed);
  }

  /** Queue a fault; throws a TypeError (saying why) for one that makes no sense. */
  add(fault: Fault): void {
    const problem = faultProblem(fault);
    if (problem) throw new TypeError(problem);
    const count = fault.count ?? 1;
    if (count > 0) this.faults.push({ ...fault, remaining: count });
  }

  /**
   * The fault the next call of `operation` (to this app monitor, for PutRumEvents) must suffer,
   * counting it down. Faults are tried in the order they were added; one with a `probability`
   * that does not fire this time leaves the call to the next. Each such fault tried draws one
   * number from the seeded PRNG (`seed`), so a seed replays the same hits.
   */
  take(appMonitorId: string | undefined, operation: string): Fault | undefined {
    const index = this.faults.findIndex(
      (f) =>
        (f.operation ?? 'PutRumEvents') === operation &&
        (!f.appMonitorId ||
          appMonitorId === undefined ||
          f.appMonitorId.toLowerCase() === appMonitorId.toLowerCase()) &&
        (f.probability === undefined || this.random() < f.probability),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    const { remaining: _remaining, ...taken } = fault;
    return taken;
  }

  /** Faults still pending, in the order they are tried, with how many hits each has left. */
  pending(): Array<Fault & { remaining: number }> {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Drop every pending fault and start the draws over from `seed`. */
  reset(): void {
    this.faults = [];
    this.random = seededRandom(this.seed);
  }
}
