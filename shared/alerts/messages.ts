/** Picks the string table for a language and fills in `{name}` placeholders. */
import type { AlertLanguage } from '../config.js';
import { type AlertMessages, MESSAGES_EN, type MessageKey } from './messages-en.js';
import { MESSAGES_KO } from './messages-ko.js';

type MessageValues = Record<string, string | number>;

/** A bound translator: `t('what.stopReason')`, `t('what.failureCount', { count: 14 })`. */
type Translate = (key: MessageKey, values?: MessageValues) => string;

const TABLES: Record<AlertLanguage, AlertMessages> = { en: MESSAGES_EN, ko: MESSAGES_KO };

/**
 * Replaces each `{name}` with its value. Values are inserted as given: callers escape untrusted
 * text before it gets here. A placeholder without a value is left visible rather than dropped,
 * so a missing value shows up in tests instead of silently changing the sentence.
 */
function formatMessage(template: string, values: MessageValues = {}): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = values[name];
    return value === undefined ? placeholder : String(value);
  });
}

function translatorFor(language: AlertLanguage): Translate {
  const table = TABLES[language];
  return (key, values) => formatMessage(table[key], values);
}

/** `2 min 41 s` / `2분 41초`: whole seconds, at most two units. */
function formatDuration(totalSeconds: number, t: Translate): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return t('duration.hours', { h, m });
  if (m > 0) return t('duration.minutes', { m, s });
  return t('duration.seconds', { s });
}

/** `$14.60`: prices are USD in every language. */
function formatUsd(amount: number): string {
  return `$${(Math.round(amount * 100) / 100).toFixed(2)}`;
}

export { formatDuration, formatMessage, formatUsd, translatorFor };
export type { Translate };
