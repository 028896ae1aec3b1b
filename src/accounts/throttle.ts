// Sign-in throttling: an attempt is counted before its password is checked. Failures lock one
// email+address pair; attempts in flight are bounded per pair, per email and per address.
import { limitKey } from "../lib/address";
import { Holdings } from "../lib/holdings";
import { HttpError } from "../lib/http-error";
import { FixedWindows, type Limit } from "../lib/windows";

/** PAIR_LIMIT: five failed sign-ins for one email from one address lock that pair for 15 minutes. */
export const PAIR_LIMIT: Limit = { max: 5, windowMs: 15 * 60_000 };
/** IN_FLIGHT_PER_ADDRESS bounds password checks running at once for one client address. */
export const IN_FLIGHT_PER_ADDRESS = 4;
/** IN_FLIGHT_PER_EMAIL bounds password checks running at once for one email, whatever the address. */
export const IN_FLIGHT_PER_EMAIL = 5;

// note: there is no lock per address. Behind one proxy every operator shares an address, so a
// lock there would let one guesser lock everyone out; the in-flight bound slows guessing from an
// address to a few hashes at a time instead, and only the guessed pair is ever locked.

/** SignInOutcome is a finished attempt's effect on its email+address pair, as told to the other instances. */
export interface SignInOutcome {
  pair: string;
  failed: boolean;
}

/** LoginThrottle remembers recent failures and running attempts in memory (a restart forgets them). */
export class LoginThrottle {
  private failures: FixedWindows;
  private running = new Holdings();
  /** share, when set, is told each failure counted and each pair cleared, so other instances on one database count
   *  them too (see absorb); attempts in flight stay each instance's own. */
  share?: (outcome: SignInOutcome) => void;
  constructor(now: () => number) {
    this.failures = new FixedWindows(now, 50_000);
  }

  /** absorb takes another instance's outcome: a failure counts toward the pair's lock, a success clears it. */
  absorb(outcome: SignInOutcome) {
    if (outcome.failed) this.failures.add(outcome.pair, PAIR_LIMIT);
    else this.failures.drop(outcome.pair);
  }

  /**
   * begin reserves one attempt for email from the address from before its password is checked, or throws
   * 429; the attempt counts toward the pair's five while it runs. Call the returned end exactly
   * once with the outcome: a failure is counted (the one that reaches the limit answers 429), a
   * success clears the pair.
   */
  begin(email: string, from: string): (ok: boolean) => void {
    // note: by limitKey (an IPv6 client by its /64, as every limit counts), so new addresses of one client guess on as one.
    const address = limitKey(from);
    const pair = `${email}\n${address}`;
    const keys = [`p:${pair}`, `e:${email}`, `a:${address}`];
    if (this.failures.count(pair) + this.running.of(keys[0]!) >= PAIR_LIMIT.max) throw tooMany(this.failures.secondsLeft(pair) || 1);
    if (this.running.of(keys[1]!) >= IN_FLIGHT_PER_EMAIL || this.running.of(keys[2]!) >= IN_FLIGHT_PER_ADDRESS) throw busy();
    // note: when the failure map is full a new pair's failure could not be counted, so its guess is refused, not let through
    // uncounted. Filling it takes 50 000 failed password checks within 15 minutes, more than the server can hash.
    if (!this.failures.room(pair)) throw tooMany(this.failures.secondsToRoom());
    const release = this.running.hold(keys);
    let ended = false;
    return (ok) => {
      if (ended) return;
      ended = true;
      release();
      this.share?.({ pair, failed: !ok });
      if (ok) return this.failures.drop(pair);
      if (this.failures.add(pair, PAIR_LIMIT) >= PAIR_LIMIT.max) throw tooMany(this.failures.secondsLeft(pair) || this.failures.secondsToRoom());
    };
  }
}

const tooMany = (retryAfter: number) =>
  new HttpError(429, "too_many_attempts", `Too many failed sign-in attempts; try again in ${Math.ceil(retryAfter / 60)} min.`, undefined, {
    "retry-after": String(retryAfter),
  });

const busy = () =>
  new HttpError(429, "too_many_attempts", "Too many sign-ins are being checked for you right now; try again in a moment.", undefined, { "retry-after": "1" });
