// Entry point of the emulator's viewer (served at /_emulator/): builds the page in #app and
// follows the emulator live.
import { startViewer } from './ui';

const root = document.getElementById('app');
if (root) startViewer(root);
