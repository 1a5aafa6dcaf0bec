export { AwsRum } from './boot/aws-rum';
export type {
  AwsRumConfig,
  CookieAttributes,
  PageIdFormat,
  TelemetryConfig,
  TelemetryName,
} from './boot/config';
export type { MetadataHook, PageViewInput } from './boot/core';
export type { Credentials } from './auth/credentials';
export type { Plugin, PluginContext, SessionInfo } from './plugins/plugin';
