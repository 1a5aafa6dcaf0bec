// The cross-engine scenarios (./scenarios) in chromium.
import { scenarios } from './scenarios';

scenarios('chromium');
