import type { Messages } from './messages.js';

export const da: Messages = {
  close: 'Luk',
  send: 'Send',
  thanks: 'Tak for din feedback!',
  nps: ['Slet ikke sandsynligt', 'Meget sandsynligt'],
  csat: ['Meget utilfreds', 'Meget tilfreds'],
  ces: ['Meget svært', 'Meget nemt'],
};
