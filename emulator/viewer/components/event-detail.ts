// The expanded part of a timeline row: the event's ids, then its details and metadata as pretty
// JSON.

import { h, setChildren } from '../dom';
import { num, safeJson, str } from '../logic/text';
import { eventTimeMs, formatDateTime } from '../logic/time';
import type { StoredEvent } from '../types';
import type { Component } from './parts';

export function createEventDetail(): Component<StoredEvent> {
  const el = h('div', { class: 'event-detail' });
  let shown: StoredEvent | undefined;
  return {
    el,
    update(e) {
      if (e === shown) return;
      shown = e;
      const facts: [string, string][] = [
        ['event id', str(e.event.id) ?? ''],
        ['seq', String(num(e.seq) ?? '')],
        ['type', str(e.event.type) ?? ''],
        ['timestamp', formatDateTime(eventTimeMs(e))],
        ['received', num(e.receivedAt) ? formatDateTime(e.receivedAt) : ''],
        ['batch', str(e.batchId) ?? ''],
        ['signed', e.presigned ? 'presigned URL' : e.signed ? 'yes' : 'no'],
        ['access key', str(e.accessKeyId) ?? ''],
      ];
      const json = (title: string, value: unknown) =>
        h('div', {}, h('h4', {}, title), h('pre', { class: 'json' }, safeJson(value)));
      setChildren(
        el,
        h(
          'dl',
          { class: 'facts' },
          ...facts
            .filter(([, v]) => v)
            .map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', { class: 'mono' }, v))),
        ),
        h(
          'div',
          { class: 'json-pair' },
          json('details', e.event.details),
          json('metadata', e.event.metadata),
        ),
      );
    },
  };
}
