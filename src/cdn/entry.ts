import { bootFromSnippet } from './boot';

bootFromSnippet();
