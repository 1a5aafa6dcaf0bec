// A session's replay in the viewer: the rrweb events of its com.amazon.rum.rrweb_event events,
// played by rrweb's Replayer, which is loaded (replay.js, replay.css) only when a replay is
// opened.
import { h, setChildren } from './dom';
import { RUM_PREFIX } from './logic/text';
import type { StoredEvent } from './types';

export const RRWEB_EVENT = RUM_PREFIX + 'rrweb_event';

/** One rrweb recording event, as the client sent it. */
export interface RecordedEvent {
  type: number;
  timestamp: number;
  data: unknown;
}

/** The rrweb events a session's events carry, oldest first, each once. */
export function replayEvents(events: readonly StoredEvent[]): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  const seen = new Set<unknown>();
  for (const e of events) {
    if (e.event.type !== RRWEB_EVENT || seen.has(e.event.id)) continue;
    seen.add(e.event.id);
    const list = (e.event.details as { events?: unknown })?.events;
    if (!Array.isArray(list)) continue;
    for (const r of list)
      if (r && typeof r.type === 'number' && typeof r.timestamp === 'number') out.push(r);
  }
  return out.sort((a, b) => a.timestamp - b.timestamp);
}

/** A replay can be played from a full snapshot (rrweb type 2) on. */
export const playable = (events: RecordedEvent[]): boolean => events.some((e) => e.type === 2);

interface Player {
  play(offset?: number): void;
  pause(offset?: number): void;
  destroy?(): void;
  getCurrentTime(): number;
  getMetaData(): { totalTime: number };
  on(event: string, handler: () => void): unknown;
}
type PlayerClass = new (events: RecordedEvent[], config: Record<string, unknown>) => Player;

let loading: Promise<PlayerClass> | undefined;

/** Loads the player (replay.js and its styles beside app.js), once. */
function loadPlayer(): Promise<PlayerClass> {
  return (loading ??= new Promise<PlayerClass>((resolve, reject) => {
    const base = '/_emulator/viewer/';
    document.head.appendChild(h('link', { rel: 'stylesheet', href: base + 'replay.css' }));
    const script = h('script', { src: base + 'replay.js' });
    const got = () => (window as unknown as { __cwrReplayer?: PlayerClass }).__cwrReplayer;
    script.onload = () =>
      got() ? resolve(got()!) : reject(new Error('replay.js is not the player'));
    script.onerror = () => reject(new Error('replay.js could not be loaded'));
    document.head.appendChild(script);
  }).catch((e) => {
    loading = undefined;
    throw e;
  }));
}

/**
 * Plays `events` in `box`: the recorded page in rrweb's sandboxed iframe (no script of the
 * recording runs), with play/pause and the time. Returns a function that closes it.
 */
export function openReplay(box: HTMLElement, events: RecordedEvent[]): () => void {
  let player: Player | undefined;
  let closed = false;
  let tick: ReturnType<typeof setInterval> | undefined;
  const status = h(
    'span',
    { class: 'muted', 'data-testid': 'replay-status' },
    'Loading the player…',
  );
  const toggle = h(
    'button',
    { type: 'button', 'data-testid': 'replay-toggle', disabled: true },
    'Pause',
  );
  const stage = h('div', { class: 'replay-stage', 'data-testid': 'replay-player' });
  setChildren(box, h('div', { class: 'toolbar' }, toggle, status), stage);
  let playing = true;
  toggle.addEventListener('click', () => {
    if (!player) return;
    playing = !playing;
    if (playing) player.play(player.getCurrentTime());
    else player.pause();
    toggle.textContent = playing ? 'Pause' : 'Play';
  });
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  loadPlayer().then(
    (Replayer) => {
      if (closed) return;
      player = new Replayer(events, { root: stage, mouseTail: false, showWarning: false });
      const total = player.getMetaData().totalTime;
      player.on('finish', () => {
        playing = false;
        toggle.textContent = 'Play';
      });
      player.play();
      toggle.removeAttribute('disabled');
      tick = setInterval(() => {
        if (player)
          status.textContent = `${seconds(Math.min(player.getCurrentTime(), total))} of ${seconds(total)}`;
      }, 250);
    },
    (e) => (status.textContent = `The player could not be loaded: ${String(e.message ?? e)}`),
  );
  return () => {
    closed = true;
    clearInterval(tick);
    try {
      player?.pause();
      player?.destroy?.();
    } catch {
      // the player's own cleanup
    }
    box.textContent = '';
  };
}
