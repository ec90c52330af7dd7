import type { Messages } from './messages.js';

export const en: Messages = {
  close: 'Close',
  send: 'Send',
  thanks: 'Thank you for your feedback!',
  nps: ['Not at all likely', 'Extremely likely'],
  csat: ['Very dissatisfied', 'Very satisfied'],
  ces: ['Very difficult', 'Very easy'],
};
