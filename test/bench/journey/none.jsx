// The app without a RUM client.
import { startApp } from './app.jsx';

startApp(null);
