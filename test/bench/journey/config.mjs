// The RUM config both clients get (the same object), and the access key they sign with.
export const APP_MONITOR_ID = '0f2b8c1e-7a4d-4c3b-9e1f-5a6b7c8d9e0f';
export const CREDENTIALS = {
  accessKeyId: 'AKIDBENCH00000000001',
  secretAccessKey: 'bench-secret',
};
export const config = {
  // The app is served by the emulator: its origin is the endpoint.
  endpoint: location.origin,
  telemetries: ['errors', ['http', { recordAllRequests: true }], 'performance'],
  disableAutoPageView: true,
  allowCookies: true,
  sessionSampleRate: 1,
};
