// The boot script: index.html runs it before the app (main.tsx), so the first screen's requests
// start while the app's code is still being evaluated. Small on purpose: no Preact, no messages.
import { startEarlyRequests } from './early-requests.js';

startEarlyRequests();
