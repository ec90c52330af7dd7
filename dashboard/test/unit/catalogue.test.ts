import { describe, expect, it } from 'vitest';
import { t, tn } from '../../src/i18n/catalogue.js';
import { en } from '../../src/i18n/en.js';

describe('the message catalogue', () => {
  it('fills placeholders with text, leaving unknown ones visible', () => {
    expect(t('user.signedInAs', { email: '<b>a@b.example</b>' })).toBe('Signed in as <b>a@b.example</b>');
    expect(t('user.signedInAs')).toBe('Signed in as {email}');
  });

  it('chooses plural forms by the language’s rules', () => {
    expect(tn('friction.pagesSeen', 1)).toBe('1 page seen');
    expect(tn('friction.pagesSeen', 0)).toBe('0 pages seen');
    expect(tn('pages.samples', 12)).toBe('12 samples');
  });

  it('every plural key has its other form, and no message is empty', () => {
    for (const [key, text] of Object.entries(en)) {
      expect(text.trim(), key).not.toBe('');
      if (key.endsWith('_one')) expect(en, key).toHaveProperty(key.replace(/_one$/, '_other'));
    }
  });
});
