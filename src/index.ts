export { AwsRum } from './boot/aws-rum';
export type {
  AwsRumConfig,
  ClientBuilder,
  CookieAttributes,
  PageIdFormat,
  TelemetryConfig,
  TelemetryName,
  UrlKind,
  UrlNormalizer,
} from './boot/config';
export type { MetadataHook, PageViewInput, PageViewInput as PageAttributes } from './boot/core';
export type { Credentials } from './auth/credentials';
export type { Plugin, PluginContext, SessionInfo } from './plugins/plugin';
// The predecessor's plugin classes, enums and names (npm only: the CDN build has no classes).
export * from './plugins/classes';
import type { CookieAttributes } from './boot/config';
/** The predecessor's name for `config.cookieAttributes`' type. */
export type PartialCookieAttributes = Partial<CookieAttributes>;
