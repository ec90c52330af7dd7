import type { Messages } from './messages.js';

export const vi: Messages = {
  close: 'Đóng',
  send: 'Gửi',
  thanks: 'Cảm ơn bạn đã góp ý!',
  nps: ['Hoàn toàn không có khả năng', 'Rất có khả năng'],
  csat: ['Rất không hài lòng', 'Rất hài lòng'],
  ces: ['Rất khó', 'Rất dễ'],
};
