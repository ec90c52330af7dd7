import type { Messages } from './messages.js';

export const ar: Messages = {
  close: 'إغلاق',
  send: 'إرسال',
  thanks: 'شكرًا على ملاحظاتك!',
  nps: ['غير محتمل إطلاقًا', 'محتمل للغاية'],
  csat: ['غير راضٍ جدًا', 'راضٍ جدًا'],
  ces: ['صعب جدًا', 'سهل جدًا'],
};
