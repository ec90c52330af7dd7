import type { Messages } from './messages.js';

export const th: Messages = {
  close: 'ปิด',
  send: 'ส่ง',
  thanks: 'ขอบคุณสำหรับความคิดเห็นของคุณ!',
  nps: ['ไม่น่าจะแนะนำเลย', 'น่าจะแนะนำอย่างยิ่ง'],
  csat: ['ไม่พอใจอย่างมาก', 'พอใจอย่างมาก'],
  ces: ['ยากมาก', 'ง่ายมาก'],
};
