// The app with the predecessor (aws-rum-web's npm package).
import { AwsRum } from 'aws-rum-web';
import { APP_MONITOR_ID, CREDENTIALS, config } from './config.mjs';
import { startApp } from './app.jsx';

const rum = new AwsRum(APP_MONITOR_ID, '1.0.0', 'us-west-2', config);
rum.setAwsCredentials(CREDENTIALS);
startApp(rum);
