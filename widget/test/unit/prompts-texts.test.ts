import type { PublicPrompt } from '@loupe/shared';
import { describe, expect, it } from 'vitest';
import { isRtl, messagesFor, withMessages } from '../../src/i18n/messages-for.js';
import { followUpFor } from '../../src/ui/follow-up-for.js';
import { pickTexts } from '../../src/ui/pick-texts.js';

const prompt = (texts: PublicPrompt['texts'], defaultLanguage = 'en') =>
  ({ id: 'p', kind: 'nps', defaultLanguage, texts }) as unknown as PublicPrompt;

describe('pickTexts', () => {
  const p = prompt({ en: { question: 'EN' }, 'pt-BR': { question: 'BR' }, vi: { question: 'VI' } });
  it('prefers an exact tag, then the same primary language, in the visitor’s order', () => {
    expect(pickTexts(p, ['pt-br'])[0]).toBe('pt-BR');
    expect(pickTexts(p, ['pt-PT'])[1].question).toBe('BR');
    expect(pickTexts(p, ['fr', 'vi-VN'])[1].question).toBe('VI');
  });
  it('falls back to the default language, then to any', () => {
    expect(pickTexts(p, ['th'])[1].question).toBe('EN');
    expect(pickTexts(prompt({ da: { question: 'DA' } }, 'DA'), ['th'])[0]).toBe('da');
    expect(pickTexts(p, [])[1].question).toBe('EN');
  });
});

describe('followUpFor', () => {
  const t = { question: 'q', followUp: { detractor: 'D', promoter: 'P', default: 'X' } };
  it('NPS bands: 0–6 detractor, 7–8 passive, 9–10 promoter; default fills gaps', () => {
    expect([0, 6, 7, 8, 9, 10].map((s) => followUpFor('nps', t, s))).toEqual(['D', 'D', 'X', 'X', 'P', 'P']);
  });
  it('CSAT high is 4–5, CES high is 5–7; no text means no comment step', () => {
    const lh = { question: 'q', followUp: { low: 'L', high: 'H' } };
    expect([1, 3, 4, 5].map((s) => followUpFor('csat', lh, s))).toEqual(['L', 'L', 'H', 'H']);
    expect([1, 4, 5, 7].map((s) => followUpFor('ces', lh, s))).toEqual(['L', 'L', 'H', 'H']);
    expect(followUpFor('csat', { question: 'q', followUp: { low: 'L' } }, 5)).toBeUndefined();
    expect(followUpFor('nps', { question: 'q' }, 3)).toBeUndefined();
  });
});

describe('messagesFor / isRtl', () => {
  it('has English at once; Vietnamese, Danish, Thai and Arabic once loaded; English for the rest', async () => {
    const loaded = (tag: string) => new Promise<void>((resolve) => withMessages(tag, resolve));
    // Each catalogue but English's is a chunk of its own: English until it has loaded.
    expect(messagesFor('da').close).toBe('Close');
    let sync = false;
    withMessages('en-GB', () => (sync = true));
    withMessages('de', () => (sync &&= true));
    expect(sync).toBe(true);
    await Promise.all(['vi-VN', 'da', 'TH', 'ar', 'de'].map(loaded));
    expect(messagesFor('vi-VN').send).toBe('Gửi');
    expect(messagesFor('da').close).toBe('Luk');
    expect(messagesFor('TH').close).toBe('ปิด');
    expect(messagesFor('de').close).toBe('Close');
    for (const l of ['en', 'vi', 'da', 'th', 'ar']) {
      const m = messagesFor(l);
      for (const v of [m.close, m.send, m.thanks, ...m.nps, ...m.csat, ...m.ces]) expect(v.trim()).not.toBe('');
    }
  });
  it('knows the right-to-left languages', () => {
    expect(['ar', 'he-IL', 'fa', 'ur'].every(isRtl)).toBe(true);
    expect(['en', 'th', 'vi'].some(isRtl)).toBe(false);
  });
});
