import type { AppMonitorConfig, StaticCredential } from './types';

/** The fake AWS account every emulated resource belongs to. */
export const ACCOUNT_ID = '000000000000';

/**
 * What the emulated account contains: app monitors and the access keys allowed to call it.
 * Kept apart from the handlers so Cognito and STS handlers can mint temporary credentials here
 * and PutRumEvents then accepts them.
 */
export class Registry {
  private readonly monitors = new Map<string, AppMonitorConfig>();
  private readonly keys = new Map<string, StaticCredential>();

  constructor(monitors: AppMonitorConfig[] = [], credentials: StaticCredential[] = []) {
    monitors.forEach((m) => this.addAppMonitor(m));
    credentials.forEach((c) => this.addCredential(c));
  }

  addAppMonitor(monitor: AppMonitorConfig): void {
    this.monitors.set(monitor.id.toLowerCase(), { ...monitor });
  }

  addCredential(credential: StaticCredential): void {
    this.keys.set(credential.accessKeyId, { ...credential });
  }

  /** The app monitor with this id, whatever its region. */
  appMonitor(id: string): AppMonitorConfig | undefined {
    return this.monitors.get(id.toLowerCase());
  }

  credential(accessKeyId: string): StaticCredential | undefined {
    return this.keys.get(accessKeyId);
  }

  appMonitors(): AppMonitorConfig[] {
    return [...this.monitors.values()];
  }

  credentials(): StaticCredential[] {
    return [...this.keys.values()];
  }
}

export function appMonitorArn(monitor: AppMonitorConfig): string {
  return `arn:aws:rum:${monitor.region}:${ACCOUNT_ID}:appmonitor/${monitor.name ?? monitor.id}`;
}

/** The principal ARN an access key stands for, as AWS prints it in AccessDenied messages. */
export function principalArn(credential: StaticCredential): string {
  return credential.sessionToken
    ? `arn:aws:sts::${ACCOUNT_ID}:assumed-role/RUM-Emulator-Role/${credential.accessKeyId}`
    : `arn:aws:iam::${ACCOUNT_ID}:user/${credential.accessKeyId}`;
}
