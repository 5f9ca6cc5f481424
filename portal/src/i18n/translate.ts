import { en } from './messages.en';
import { ko, type MessageKey } from './messages.ko';

export type Language = 'ko' | 'en';

export const messages: Record<Language, Record<MessageKey, string>> = { ko, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The message in that language with {name} placeholders filled; a missing parameter stays visible as {name}. */
export function translate(language: Language, key: MessageKey, params?: Record<string, string | number>): string {
  const text = messages[language][key];
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
}

/** A key for a server-sent reason, if the portal has words for it. */
export function reasonKey(reason: string | undefined): MessageKey | undefined {
  const key = `error.${reason}`;
  return key in ko ? (key as MessageKey) : undefined;
}
