// Unit tests of the built loader in happy-dom: the queue, the dispatcher's guards, routes, token and retries.
import { afterEach, describe, expect, test } from "bun:test";
import fc from "fast-check";
import { bootLoader, sessionAnswer } from "./dom-kit";
import { readFileSync } from "node:fs";
import { roomyTimeouts } from "../helpers/timeouts";

roomyTimeouts();

type Booted = Awaited<ReturnType<typeof bootLoader>>;
let open: Booted[] = [];
const boot = async (opts: Parameters<typeof bootLoader>[0] = {}) => {
  const b = await bootLoader(opts);
  open.push(b);
  await b.settle();
  return b;
};
afterEach(async () => {
  await Promise.all(open.map((b) => b.close()));
  open = [];
});

describe("queue", () => {
  test("calls made before the script loads are applied in order, then Woes is the dispatcher", async () => {
    const b = await boot({
      before: `Woes("setTheme","light");Woes("setTheme","dark");Woes("hideChatBubble");Woes("setNewConversationFields",{plan:"pro",seats:3});
        Woes("setTicketFormFields",{subject:"Checkout",priority:2});Woes("setVisibleTicketForms",["bug"]);Woes("onShow",function(){window.shown=(window.shown||0)+1});`,
    });
    const s = b.state();
    expect(s.theme).toBe("dark");
    expect(s.bubble).toBe(false);
    expect(s.fields).toEqual({ plan: "pro", seats: 3 });
    expect(s.ticketFields).toEqual({ subject: "Checkout", priority: "2" });
    expect(s.forms).toEqual(["bug"]);
    expect(b.w.Woes.loaded).toBe(1);
    expect(b.w.Woes.q).toBeUndefined();
    b.w.Woes("show");
    expect(b.w.shown).toBe(1);
    expect(b.errors).toEqual([]);
  });

  test("identify queued before load goes into the first session call (one session, not two)", async () => {
    const b = await boot({ before: `Woes("identify",{email:"ada@example.com",name:"Ada",id:123,ignored:{}})` });
    const sessions = b.calls.filter((c) => c.url.endsWith("/session"));
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.body.identity).toEqual({ email: "ada@example.com", name: "Ada", id: "123" });
  });

  test("a second copy of the script does not boot a second widget", async () => {
    const b = await boot();
    const again = b.window.document.createElement("script");
    again.dataset.publicKey = "pk_ws_unit";
    again.textContent = readFileSync(new URL("../../widget/dist/woes.js", import.meta.url), "utf8");
    b.window.document.body.append(again);
    await b.settle();
    expect(b.calls.filter((c) => c.url.endsWith("/session"))).toHaveLength(1);
  });
});

describe("dispatcher guards", () => {
  test("an unknown command warns once and is ignored", async () => {
    const b = await boot({ before: `Woes("open");Woes("open");` });
    b.w.Woes("open");
    b.w.Woes("toString");
    b.w.Woes("__proto__");
    expect(b.warnings.filter((w) => w.includes("unknown command open"))).toHaveLength(1);
    expect(b.warnings.some((w) => w.includes("unknown command toString"))).toBe(true);
    expect(b.errors).toEqual([]);
  });

  test.each([
    ["setTheme", "blue"],
    ["setTheme", undefined],
    ["onShow", "not a function"],
    ["onChangeUnreadMessagesCount", 3],
    ["identify", null],
    ["identify", []],
    ["identify", {}],
    ["identify", { email: { nested: true } }],
    ["setNewConversationFields", { nested: { a: 1 } }],
    ["setNewConversationFields", "plan=pro"],
    ["showNewMessage", 42],
    ["showTicketForm", null],
    ["setTicketFormFields", [1, 2]],
    ["setVisibleTicketForms", "bug"],
    ["setVisibleTicketForms", ["bug", 3]],
  ])("%s with a bad payload (%p) warns once and changes nothing", async (command, payload) => {
    const b = await boot();
    const before = JSON.stringify(b.state());
    b.w.Woes(command, payload);
    b.w.Woes(command, payload);
    expect(b.warnings.filter((w) => w.includes(`${command}: payload ignored`))).toHaveLength(1);
    expect(JSON.stringify(b.state())).toBe(before);
    expect(b.state().open).toBeFalsy();
  });

  test("the dispatcher never throws, whatever it is given", async () => {
    const b = await boot();
    b.w.Woes("hideChatBubble"); // note: keeps the messenger script from being injected in this DOM.
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom("show", "hide", "identify", "setTheme", "onShow", "setVisibleTicketForms"), fc.anything()), fc.anything(), (command, payload) => {
        b.w.Woes(command, payload);
      }),
      { numRuns: 300 },
    );
    expect(b.errors).toEqual([]);
  });

  test("payloads that throw when touched, and callbacks that throw odd values, stay inside the widget", async () => {
    const b = await boot({ before: `Woes("hideChatBubble")` });
    const trap = new Proxy({}, { get: () => { throw new Error("get trap"); }, ownKeys: () => { throw new Error("keys trap"); }, has: () => { throw new Error("has trap"); } });
    for (const command of ["identify", "setNewConversationFields", "setTicketFormFields", "setVisibleTicketForms", "setTheme"]) expect(() => b.w.Woes(command, trap)).not.toThrow();
    expect(() => b.w.Woes(trap, trap)).not.toThrow();
    b.w.Woes("onShow", () => {
      throw { toString: null, valueOf: null };
    });
    expect(() => b.w.Woes("show")).not.toThrow();
    expect(b.errors).toEqual([]);
  });

  test("a callback that throws is reported, not thrown into the page", async () => {
    const b = await boot({ before: `Woes("hideChatBubble");Woes("onShow",function(){throw new Error("boom")});` });
    expect(() => b.w.Woes("show")).not.toThrow();
    expect(b.warnings.some((w) => w.includes("boom"))).toBe(true);
    expect(b.state().open).toBe(true);
  });

  test("onShow/onHide run on each open and close; null removes them", async () => {
    const b = await boot({ before: `Woes("hideChatBubble");window.log=[];Woes("onShow",function(){log.push("show")});Woes("onHide",function(){log.push("hide")});` });
    b.w.Woes("show");
    b.w.Woes("show"); // already open: no second call
    b.w.Woes("hide");
    b.w.Woes("onShow", null);
    b.w.Woes("show");
    expect(b.w.log).toEqual(["show", "hide"]);
  });
});

describe("session, routes and token", () => {
  test("routes are derived from data-api by replacing its last segment; the key rides in X-Woes-Key", async () => {
    const b = await boot({ before: `Woes("hideChatBubble")` });
    await b.settle(50);
    const session = b.calls.find((c) => c.url.endsWith("/session"))!;
    expect(session.url).toBe("https://chat.example/support/api/widget/session");
    expect(session.headers["x-woes-key"]).toBe("pk_ws_unit");
    expect(session.headers.authorization).toBeUndefined();
    expect(session.body.page.url).toBe("https://shop.example/page");
    const stream = b.calls.find((c) => c.url.endsWith("/messages/stream"))!;
    expect(stream.url).toBe("https://chat.example/support/api/widget/messages/stream");
    expect(stream.headers.authorization).toBe("Bearer vt_test_token");
    expect(b.window.localStorage.getItem("woes:pk_ws_unit")).toBe("vt_test_token");
  });

  test("a stored token is sent on session, so the same visitor continues", async () => {
    const b = await boot({ storage: { "woes:pk_ws_unit": "vt_earlier" } });
    expect(b.calls.find((c) => c.url.endsWith("/session"))!.headers.authorization).toBe("Bearer vt_earlier");
  });

  test("onChangeUnreadMessagesCount: registered before load it gets the session's count; later registrations get the current count at once", async () => {
    const b = await boot({
      before: `window.counts=[];Woes("onChangeUnreadMessagesCount",function(n){counts.push(n)});`,
      respond: (c) => (c.url.endsWith("/session") ? Response.json(sessionAnswer({ unreadCount: 3 })) : new Promise(() => {})),
    });
    await b.settle(30);
    expect(b.w.counts).toEqual([3]);
    const later: number[] = [];
    b.w.Woes("onChangeUnreadMessagesCount", (n: number) => later.push(n));
    expect(later).toEqual([3]);
  });

  test("network failures are retried with backoff until the session answers", async () => {
    const b = await boot({
      respond: (c, n) => {
        if (c.url.endsWith("/session") && n <= 2) throw new TypeError("Failed to fetch");
        if (c.url.endsWith("/session") && n == 3) return new Response("{}", { status: 503 });
        return c.url.endsWith("/session") ? Response.json(sessionAnswer()) : new Promise(() => {});
      },
    });
    // note: the backoff of three failures stays under 4 s; wait for the session, no longer.
    for (const end = Date.now() + 8000; !b.state().session && Date.now() < end; ) await b.settle(50);
    expect(b.calls.filter((c) => c.url.endsWith("/session")).length).toBe(4);
    expect(b.state().session?.visitor.token).toBe("vt_test_token");
    expect(b.errors).toEqual([]);
  }, 15000);

  test("a refused identity warns and the widget still boots an anonymous visitor", async () => {
    const b = await boot({
      before: `Woes("identify",{email:"ada@example.com",email_hash:"bad"})`,
      respond: (c) => {
        if (c.url.endsWith("/session") && c.body.identity) {
          return Response.json({ error: { code: "identity_invalid", message: "The identity proof is not valid." } }, { status: 401 });
        }
        return c.url.endsWith("/session") ? Response.json(sessionAnswer()) : new Promise(() => {});
      },
    });
    await b.settle(50);
    expect(b.warnings.some((w) => w.includes("identity_invalid"))).toBe(true);
    expect(b.state().session?.visitor.id).toBe("vis_1");
  });
});

describe("presence", () => {
  test("heartbeats say active, then idle after a minute without input, and active again on input", async () => {
    const b = await boot({ before: `Woes("hideChatBubble")` });
    await b.settle(30);
    const states = () => b.calls.filter((c) => c.url.endsWith("/presence")).map((c) => c.body.state);
    expect(states()).toEqual(["active"]);
    const now = Date.now();
    b.w.Date.now = () => now + 61_000; // note: the loader reads the page's clock.
    b.window.document.dispatchEvent(new b.window.Event("visibilitychange"));
    b.window.dispatchEvent(new b.window.KeyboardEvent("keydown", { key: "a" }));
    await b.settle(30);
    expect(states()).toEqual(["active", "idle", "active"]);
  });

  test("a refused key hides the launcher and does not retry", async () => {
    const b = await boot({
      respond: (c) => (c.url.endsWith("/session") ? Response.json({ error: { code: "key_revoked", message: "This widget key has been revoked." } }, { status: 401 }) : new Promise(() => {})),
    });
    await b.settle(50);
    expect(b.state().bubble).toBe(false);
    expect(b.calls.filter((c) => c.url.endsWith("/session"))).toHaveLength(1);
    expect(b.warnings.some((w) => w.includes("session refused"))).toBe(true);
  });
});

describe("live stream refused", () => {
  const streams = (b: Booted) => b.calls.filter((c) => c.url.endsWith("/messages/stream"));
  const sessions = (b: Booted) => b.calls.filter((c) => c.url.endsWith("/session"));
  const refused = (code: string) => Response.json({ error: { code, message: "Refused." } }, { status: 401 });

  test("a stream refused with 401 (the token was replaced elsewhere) starts a new session once and streams with its token", async () => {
    const b = await boot({
      respond: (c, n) => {
        if (c.url.endsWith("/session")) return Response.json(n == 1 ? sessionAnswer() : sessionAnswer({ visitor: { token: "vt_fresh", id: "vis_2", verified: false } }));
        if (c.url.endsWith("/messages/stream") && n == 1) return refused("visitor_unauthorized");
        return new Promise(() => {});
      },
    });
    for (const end = Date.now() + 3000; streams(b).length < 2 && Date.now() < end; ) await b.settle(50);
    await b.settle(300);
    expect(sessions(b)).toHaveLength(2);
    expect(streams(b).map((c) => c.headers.authorization)).toEqual(["Bearer vt_test_token", "Bearer vt_fresh"]);
    expect(b.window.localStorage.getItem("woes:pk_ws_unit")).toBe("vt_fresh");
    expect(b.errors).toEqual([]);
  });

  test("after a 401 the new session carries the identity the server last took, not one it refused since", async () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.e30.sig";
    let expire!: () => void;
    const b = await boot({
      before: `Woes("identify",{jwt:"${jwt}"})`,
      respond: (c, n) => {
        if (c.url.endsWith("/session")) return n == 2 ? refused("identity_invalid") : Response.json(sessionAnswer({ visitor: { token: `vt_${n}`, id: `vis_${n}`, verified: true } }));
        if (c.url.endsWith("/messages/stream") && n == 1) return new Promise((answer) => (expire = () => answer(refused("visitor_unauthorized"))));
        return new Promise(() => {});
      },
    });
    // note: a wrong proof while the first stream is open is refused and keeps the visitor; then the token dies.
    b.w.Woes("identify", { email: "eve@example.com", email_hash: "0".repeat(64) });
    await b.settle(50);
    expect(b.state().session.visitor.id).toBe("vis_1");
    expire();
    for (const end = Date.now() + 3000; streams(b).length < 2 && Date.now() < end; ) await b.settle(50);
    expect(sessions(b).map((c) => c.body.identity)).toEqual([{ jwt }, { email: "eve@example.com", email_hash: "0".repeat(64) }, { jwt }]);
    expect(streams(b).at(-1)!.headers.authorization).toBe("Bearer vt_3");
    expect(b.errors).toEqual([]);
  });

  test("after a 401, an identity the server no longer takes (an expired JWT) gives way to a new anonymous visitor", async () => {
    const b = await boot({
      before: `Woes("identify",{jwt:"eyJhbGciOiJIUzI1NiJ9.e30.sig"})`,
      respond: (c, n) => {
        if (c.url.endsWith("/session")) return n == 2 ? refused("identity_invalid") : Response.json(sessionAnswer({ visitor: { token: `vt_${n}`, id: `vis_${n}`, verified: n == 1 } }));
        if (c.url.endsWith("/messages/stream") && n == 1) return refused("visitor_unauthorized");
        return new Promise(() => {});
      },
    });
    for (const end = Date.now() + 3000; streams(b).length < 2 && Date.now() < end; ) await b.settle(50);
    expect(sessions(b).map((c) => !!c.body.identity)).toEqual([true, true, false]);
    expect(streams(b).at(-1)!.headers.authorization).toBe("Bearer vt_3");
    expect(b.state().session.visitor.id).toBe("vis_3");
  });

  test("a stream refused with 401 whose key is revoked asks for a session once, then stops (no reconnect loop)", async () => {
    const b = await boot({
      respond: (c, n) => {
        if (c.url.endsWith("/session")) return n == 1 ? Response.json(sessionAnswer()) : refused("key_revoked");
        if (c.url.endsWith("/messages/stream")) return refused("key_revoked");
        return new Promise(() => {});
      },
    });
    await b.settle(2500);
    expect([sessions(b).length, streams(b).length]).toEqual([2, 1]);
    expect(b.errors).toEqual([]);
  });
});
