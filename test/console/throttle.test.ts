// Sign-in throttling under real concurrency: attempts count before the slow hash, only the guessed
// email+address pair is ever locked, and one address never runs more than a few hashes at once.
import { describe, expect, test } from "bun:test";
import { pbkdf2Passwords, type Passwords } from "../../src/lib/password";
import { IN_FLIGHT_PER_ADDRESS, LoginThrottle, PAIR_LIMIT } from "../../src/accounts/throttle";
import { makeConsole, PASSWORD } from "./fixture";

/** counted wraps the real hasher and records how many passwords were checked, and how many at once. */
function counted(): Passwords & { checks: number; peak: number } {
  let running = 0;
  const out = {
    checks: 0,
    peak: 0,
    hash: (p: string) => pbkdf2Passwords.hash(p),
    async verify(p: string, h: string) {
      out.checks++;
      out.peak = Math.max(out.peak, ++running);
      try {
        return await pbkdf2Passwords.verify(p, h);
      } finally {
        running--;
      }
    },
  };
  return out;
}

const login = (t: Awaited<ReturnType<typeof makeConsole>>, email: string, password: string, address = "198.51.100.7") =>
  t.call({ path: "/api/console/login", address, body: { email, password } });

describe("sign-in throttle", () => {
  test("300 concurrent attempts for one email from one address check at most five passwords; the right one among them does not get in", async () => {
    const passwords = counted();
    const t = await makeConsole({}, { passwords });
    await t.addUser("olive@example.com", "owner");
    passwords.checks = 0;
    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => login(t, "olive@example.com", i === 199 ? PASSWORD : `guess number ${i}`)));
    expect(passwords.checks).toBeLessThanOrEqual(5);
    expect(answers.filter((r) => r.status === 200)).toEqual([]);
    expect(answers.every((r) => [401, 429].includes(r.status) && r.json.error.code !== undefined)).toBe(true);
    const limited = answers.find((r) => r.status === 429)!;
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.text).not.toContain(PASSWORD);
  }, 30_000);

  test("five failures lock the pair only: the same account from another address, and another account from the same address, still sign in", async () => {
    const t = await makeConsole();
    await t.addUser("olive@example.com", "owner");
    await t.addUser("opal@example.com", "operator");
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await login(t, "olive@example.com", `wrong guess ${i}`));
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401, 429]);
    const locked = await login(t, "olive@example.com", PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    expect((await login(t, "olive@example.com", PASSWORD, "198.51.100.8")).status).toBe(200);
    expect((await login(t, "opal@example.com", PASSWORD)).status).toBe(200);
  }, 30_000);

  test("an IPv6 client counts by its /64: guesses from new addresses of the same /64 stay locked, another /64 is another client", async () => {
    const t = await makeConsole();
    await t.addUser("olive@example.com", "owner");
    const answers = [];
    for (let i = 1; i <= 6; i++) answers.push((await login(t, "olive@example.com", `wrong guess ${i}`, `2001:db8:0:1::${i}`)).status);
    expect(answers).toEqual([401, 401, 401, 401, 429, 429]);
    expect((await login(t, "olive@example.com", PASSWORD, "2001:db8:0:1:ffff::9")).status).toBe(429);
    expect((await login(t, "olive@example.com", PASSWORD, "2001:db8:0:2::1")).status).toBe(200);
  }, 30_000);

  test("guessing 60 accounts from one address (as behind a shared proxy) never locks out a correct password from it", async () => {
    const t = await makeConsole();
    await t.addUser("olive@example.com", "owner");
    for (let i = 0; i < 60; i += 4) {
      const batch = await Promise.all([0, 1, 2, 3].map((j) => login(t, `victim${i + j}@example.com`, "a wrong guess")));
      expect(batch.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    }
    expect((await login(t, "olive@example.com", PASSWORD)).status).toBe(200);
  }, 60_000);

  test(`one address runs at most ${IN_FLIGHT_PER_ADDRESS} password checks at once; the rest are told to retry in a second`, async () => {
    const passwords = counted();
    const t = await makeConsole({}, { passwords });
    await t.addUser("olive@example.com", "owner");
    passwords.peak = 0;
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(t, `someone${i}@example.com`, "a wrong guess")));
    expect(passwords.peak).toBeLessThanOrEqual(IN_FLIGHT_PER_ADDRESS);
    const busy = answers.filter((r) => r.status === 429);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]!.headers.get("retry-after")).toBe("1");
    expect((await login(t, "olive@example.com", PASSWORD)).status).toBe(200);
  }, 30_000);

  test("a full failure map refuses a new pair's guess (never lets it through uncounted) and keeps counting the pairs it holds", () => {
    let now = 0;
    const throttle = new LoginThrottle(() => now);
    const status = (f: () => unknown) => {
      try {
        f();
        return 0;
      } catch (e) {
        return (e as { status: number }).status;
      }
    };
    const fail = (email: string, address: string) => status(() => throttle.begin(email, address)(false));
    // 50 000 failed pairs (the map's capacity) from many addresses
    for (let i = 0; i < 50_000; i++) expect(fail(`someone${i}@example.com`, `2001:db8::${i.toString(16)}`)).toBe(0);
    let refused: unknown;
    try {
      throttle.begin("olive@example.com", "198.51.100.7");
    } catch (e) {
      refused = e;
    }
    expect((refused as { status: number; code: string }).status).toBe(429);
    expect((refused as { code: string }).code).toBe("too_many_attempts");
    expect(Number((refused as { headers: Record<string, string> }).headers["retry-after"])).toBeGreaterThan(0);
    // a pair already held still counts up to its lock
    for (let i = 1; i < PAIR_LIMIT.max - 1; i++) expect(fail("someone0@example.com", "2001:db8::0")).toBe(0);
    expect(fail("someone0@example.com", "2001:db8::0")).toBe(429);
    // once the windows end there is room again
    now += PAIR_LIMIT.windowMs;
    expect(status(() => throttle.begin("olive@example.com", "198.51.100.7")(true))).toBe(0);
  });
});
