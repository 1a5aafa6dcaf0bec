// The cross-engine scenarios (./scenarios) in webkit.
import { scenarios } from './scenarios';

scenarios('webkit');
