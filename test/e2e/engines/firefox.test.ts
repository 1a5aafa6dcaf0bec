// The cross-engine scenarios (./scenarios) in firefox.
import { scenarios } from './scenarios';

scenarios('firefox');
