import { describe, expect, it } from 'vitest';
import { en } from './messages.en';
import { ko } from './messages.ko';
import { reasonKey, translate } from './translate';
import { storedLanguage } from './language';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort();

describe('messages', () => {
  it('has every key in both languages, and nothing extra in either', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ko).sort());
  });

  it('has no empty text', () => {
    for (const [key, text] of [...Object.entries(ko), ...Object.entries(en)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of Object.keys(ko) as (keyof typeof ko)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(ko[key]));
    }
  });

  it('writes Korean in the Korean texts of the pages people read', () => {
    for (const key of ['nav.analyst', 'launch.submit', 'sessions.stop', 'billing.heading', 'admin.publish'] as const) {
      expect(ko[key]).toMatch(/[\uAC00-\uD7A3]/);
      expect(en[key]).not.toMatch(/[\uAC00-\uD7A3]/);
    }
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'quota.remaining', { remaining: '₩1,000' })).toBe('₩1,000 left');
    expect(translate('ko', 'quota.remaining')).toBe('남은 예산 {remaining}');
  });

  it('knows the quota refusals the API sends, and not made-up ones', () => {
    expect(reasonKey('quota.monthly_budget')).toBe('error.quota.monthly_budget');
    expect(reasonKey('quota.no_such_reason')).toBeUndefined();
    expect(reasonKey(undefined)).toBeUndefined();
  });
});

describe('stored language', () => {
  it('is Korean unless English was chosen', () => {
    expect(storedLanguage(undefined)).toBe('ko');
    expect(storedLanguage({ getItem: () => null })).toBe('ko');
    expect(storedLanguage({ getItem: () => 'fr' })).toBe('ko');
    expect(storedLanguage({ getItem: () => 'en' })).toBe('en');
  });
});
