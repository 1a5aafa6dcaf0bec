/**
 * A local emulator of the CloudWatch RUM data plane (PutRumEvents), plus the Cognito Identity
 * and STS calls that vend anonymous credentials to it, for tests and demos.
 *
 * @example
 * const emu = await startEmulator({
 *   appMonitors: [{ id: '00000000-0000-0000-0000-000000000001', region: 'us-west-2' }],
 *   credentials: [{ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }],
 * });
 * // point the client at emu.url, then read back what it sent:
 * emu.events({ type: 'com.amazon.rum.page_view_event' });
 * await emu.close();
 */
export { startEmulator } from './server';
export type {
  AppMonitorConfig,
  CredentialInfo,
  DeliveryStats,
  DiagnosticsEntry,
  Emulator,
  EmulatorInfo,
  EmulatorOptions,
  EventFilter,
  Fault,
  IdentityPoolConfig,
  IdentityRecord,
  RequestRecord,
  RoleConfig,
  SessionSummary,
  StaticCredential,
  StoredEvent,
} from './types';
