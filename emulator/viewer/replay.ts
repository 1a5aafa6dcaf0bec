// The viewer's session-replay player (replay.js): rrweb's Replayer, a file of its own that the
// viewer loads only when a replay is opened (see replay-view.ts). Never part of the client.
import { Replayer } from '@rrweb/replay';

declare global {
  interface Window {
    __cwrReplayer?: typeof Replayer;
  }
}

window.__cwrReplayer = Replayer;
