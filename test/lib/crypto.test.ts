// src/lib: hashing, HMAC, constant-time comparison, random ids and the error type.
import { describe, expect, test } from "bun:test";
import { createHash, createHmac } from "node:crypto";
import { hmacSha256Hex, sha256Hex, timingSafeEqual } from "../../src/lib/crypto";
import { HttpError, invalid, notFound } from "../../src/lib/http-error";
import { newAdminToken, newAgentKey, newId, newIdentitySecret, newOrderedId, newVisitorToken, newWorkspaceKey, randomBase62, timePrefix } from "../../src/lib/ids";

describe("crypto", () => {
  const vectors = [
    // RFC 4231 test case 2, and the empty-message case.
    { key: "Jefe", message: "what do ya want for nothing?", hex: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
    { key: "key", message: "The quick brown fox jumps over the lazy dog", hex: "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8" },
  ];
  for (const v of vectors) test(`HMAC-SHA256 of "${v.message}" is lowercase hex`, async () => expect(await hmacSha256Hex(v.key, v.message)).toBe(v.hex));

  test("HMAC keys and messages are UTF-8", async () => {
    expect(await hmacSha256Hex("clé", "ünïcødé@example.com")).toBe(createHmac("sha256", "clé").update("ünïcødé@example.com").digest("hex"));
  });

  test("sha256Hex matches the platform's SHA-256", async () => {
    expect(await sha256Hex("vt_token")).toBe(createHash("sha256").update("vt_token").digest("hex"));
  });

  const equal = [
    { a: "abc", b: "abc", same: true },
    { a: "abc", b: "abd", same: false },
    { a: "abc", b: "abcd", same: false },
    { a: "", b: "", same: true },
    { a: "é", b: "e\u0301", same: false },
  ];
  for (const row of equal) test(`timingSafeEqual(${JSON.stringify(row.a)}, ${JSON.stringify(row.b)}) = ${row.same}`, () => expect(timingSafeEqual(row.a, row.b)).toBe(row.same));
});

describe("ids", () => {
  const FORMS = [
    { name: "workspace key", make: newWorkspaceKey, re: /^pk_ws_[0-9A-Za-z]{22,}$/ },
    { name: "agent key", make: newAgentKey, re: /^pk_ag_[0-9A-Za-z]{22,}$/ },
    { name: "identity secret", make: newIdentitySecret, re: /^sk_id_[0-9A-Za-z]{32,}$/ },
    { name: "admin token", make: newAdminToken, re: /^woes_at_[0-9A-Za-z]{32,}$/ },
    // note: 22 base62 characters carry ≥ 128 bits (62^22 ≈ 2^131).
    { name: "visitor token", make: newVisitorToken, re: /^vt_[0-9A-Za-z]{22,}$/ },
    { name: "id", make: () => newId("msg"), re: /^msg_[0-9A-Za-z]{22}$/ },
    { name: "time-ordered id", make: () => newOrderedId("msg"), re: /^msg_[0-9A-Za-z]{22}$/ },
  ];
  for (const f of FORMS) {
    test(`${f.name} has the contract's form and never repeats`, () => {
      const seen = new Set(Array.from({ length: 2000 }, f.make));
      expect(seen.size).toBe(2000);
      for (const x of seen) expect(x).toMatch(f.re);
    });
  }

  test("time-ordered ids sort as their times do, and the 14 characters after the time are random (≥ 80 bits)", () => {
    const times = [0, 1, 61, 62, 1_795_000_000_000, 1_795_000_000_001, 1_795_000_060_000, 4_102_444_800_000];
    const ids = times.map((t) => newOrderedId("msg", t));
    expect([...ids].reverse().sort()).toEqual(ids);
    expect(ids.map((id) => id.slice(4, 12))).toEqual(times.map(timePrefix));
    // note: 62^14 ≈ 2^83.4: the random part alone is out of reach of guessing.
    expect(14 * Math.log2(62)).toBeGreaterThanOrEqual(80);
    const suffixes = new Set(Array.from({ length: 2000 }, () => newOrderedId("msg", 1_795_000_000_000).slice(12)));
    expect(suffixes.size).toBe(2000);
    const counts = new Map<string, number>();
    for (const s of suffixes) for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
  });

  test("randomBase62 uses the whole alphabet evenly", () => {
    const counts = new Map<string, number>();
    for (const ch of randomBase62(62 * 2000)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const n of counts.values()) expect(n).toBeGreaterThan(1600);
    for (const n of counts.values()) expect(n).toBeLessThan(2400);
  });
});

describe("HttpError", () => {
  test("carries status, code, field and headers", () => {
    const e = new HttpError(429, "rate_limited", "Slow down.", undefined, { "retry-after": "3" });
    expect([e.status, e.code, e.message, e.field, e.headers]).toEqual([429, "rate_limited", "Slow down.", undefined, { "retry-after": "3" }]);
    expect(notFound("Conversation")).toMatchObject({ status: 404, code: "not_found", message: "Conversation was not found." });
    expect(invalid("body", "Too long.")).toMatchObject({ status: 422, code: "invalid_field", field: "body" });
  });
});
