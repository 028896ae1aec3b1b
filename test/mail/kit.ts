// Mail test kit: a real SMTP server on loopback and the app mailing through it, stopped after each test.
import { afterEach } from "bun:test";
import { makeApp } from "../helpers/app";
import { startSmtp } from "../helpers/smtp";
import { sleep } from "../runtime/neutral";

export const MINUTE = 60_000;

/** until waits for check to hold, or fails after ms. */
export async function until(check: () => boolean | Promise<boolean>, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await sleep(20);
  }
}

/** useMailing answers, for one test file, `mailing` (an SMTP server started with opts and the app mailing through
 *  it, every reply batch due at once, retried after retryMs) and `stopAfter` (something more to stop with them);
 *  whatever a test started stops after it, last first. */
export function useMailing() {
  let running: { stop(): Promise<void> | void }[] = [];
  afterEach(async () => {
    for (const r of running.reverse()) await r.stop();
    running = [];
  });
  const stopAfter = (r: { stop(): Promise<void> | void }) => void running.push(r);
  const mailing = async (opts: Parameters<typeof startSmtp>[0] = {}, retryMs = [MINUTE, MINUTE]) => {
    const smtp = await startSmtp(opts);
    stopAfter(smtp);
    const t = await makeApp({ config: { mail: { smtpUrl: smtp.url, from: null, delayMs: 0, retryMs } } });
    stopAfter({ stop: async () => t.store.close() });
    return { smtp, t };
  };
  return { mailing, stopAfter };
}
