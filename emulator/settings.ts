/**
 * The settings `startEmulator` takes that can change while it runs (clock offset, credential
 * lifetime, demo URL), checked the same way at start and through the API; the timers that hold
 * back delayed answers; and the host a URL names for the address the server listens on.
 */
import { clockOffsetProblem } from './inspect';

export function checkClockOffset(ms: number): number {
  const problem = clockOffsetProblem(ms);
  if (problem)
    throw new TypeError(`A clock offset is ${problem.replace('"offsetMs" ', 'a value that ')}`);
  return ms;
}

/** A demo site's URL: undefined (none), or an absolute `http:`/`https:` URL, kept as given. */
export function checkDemoUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let protocol: string | undefined;
  try {
    protocol = typeof url === 'string' ? new URL(url).protocol : undefined;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new TypeError(`A demo URL must be an absolute http: or https: URL; got ${String(url)}.`);
  }
  return url;
}

export function checkLifetime(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds <= 0) {
    throw new TypeError(
      `A credential lifetime must be a positive whole number of seconds; got ${seconds}.`,
    );
  }
  return seconds;
}

/** Timers holding answers back (`delayMs` faults); all cut short when the emulator closes. */
export class Delays {
  private pending = new Set<{ timer: NodeJS.Timeout; done: () => void }>();

  wait(ms: number): Promise<void> {
    return new Promise((resolvePromise) => {
      const entry = {
        timer: setTimeout(() => {
          this.pending.delete(entry);
          resolvePromise();
        }, ms),
        done: resolvePromise,
      };
      this.pending.add(entry);
    });
  }

  cancelAll(): void {
    for (const entry of this.pending) {
      clearTimeout(entry.timer);
      entry.done();
    }
    this.pending.clear();
  }
}

export function urlHost(address: string): string {
  if (address === '0.0.0.0' || address === '::') return '127.0.0.1';
  return address.includes(':') ? `[${address}]` : address;
}
