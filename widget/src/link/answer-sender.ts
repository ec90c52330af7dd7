/** Waits before each retry of a failed post (ms): a phone on a train gets a few chances. */
const RETRY_WAITS = [1000, 3000, 8000];

export interface AnswerBody {
  score: number;
  comment?: string;
}

/**
 * Posts the hosted page's answers in order, one at a time: the score, a changed score, the comment.
 * Order matters, since the server keeps the newest; so each post waits for the one before it.
 * A failed post is retried (after Retry-After on 429 or 503); `onFailure` hears when it gave up.
 */
export function answerSender(
  url: string,
  extra: Record<string, string>,
  onFailure: () => void,
): (answer: AnswerBody) => Promise<void> {
  let queue: Promise<void> = Promise.resolve();
  const post = async (answer: AnswerBody) => {
    const body = JSON.stringify({ ...extra, ...answer });
    for (let attempt = 0; ; attempt++) {
      let wait = RETRY_WAITS[attempt];
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          keepalive: true,
          credentials: 'omit',
        });
        if (res.ok) return;
        // A refused answer (a closed prompt, a bad score) will be refused again.
        if (res.status !== 429 && res.status < 500) break;
        const after = Number(res.headers.get('retry-after'));
        if (after > 0 && wait !== undefined) wait = after * 1000;
      } catch {
        // Offline or the connection dropped: retried below.
      }
      if (wait === undefined) break;
      await new Promise((r) => setTimeout(r, wait));
    }
    onFailure();
  };
  return (answer) => {
    queue = queue.then(() => post(answer));
    return queue;
  };
}
