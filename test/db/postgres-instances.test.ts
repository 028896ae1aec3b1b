// N instances on one Postgres database behave as one server (CONTRACT §8): three real `woes serve --db postgres://…`
// processes, each on its own port, as a load balancer without sticky sessions would spread requests over them.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { denoEnv, NO_LIMITS, startServer, type RunningServer } from "../helpers/server";
import { freshDatabase } from "../helpers/postgres";
import { hmac, openSse, overHttp } from "../helpers/builders";
import { roomyTimeouts } from "../helpers/timeouts";
import postgres from "postgres";
import { run, sleep } from "../runtime/neutral";

roomyTimeouts();

let a: RunningServer;
let b: RunningServer;
let c: RunningServer;
let db: string;
beforeAll(async () => {
  db = await freshDatabase();
  // note: started together on an empty database, one instance makes the first workspace (its key and token are
  // printed once); the others find it.
  const started = await Promise.all([0, 1, 2].map(() => startServer({ db, args: NO_LIMITS })));
  a = started.find((s) => s.publicKey)!;
  [b, c] = started.filter((s) => s !== a);
}, 120_000);
afterAll(async () => {
  await Promise.all([a, b, c].map((s) => s?.stop()));
});

/** call sends a request to one instance: JSON in and out. */
async function call(s: RunningServer, path: string, init: { body?: unknown; key?: string; token?: string; admin?: boolean; adminToken?: string; method?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", "x-woes-key": init.key ?? a.publicKey };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.admin || init.adminToken) headers.authorization = `Bearer ${init.adminToken ?? a.adminToken}`;
  const res = await fetch(s.url + path, { method: init.method ?? (init.body === undefined ? "GET" : "POST"), headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

const visitorOn = async (s: RunningServer, key = a.publicKey) => (await call(s, "/api/widget/session", { body: {}, key })).json.visitor.token as string;

describe("three instances on one Postgres database", () => {
  test("instances started together made the first workspace once; the others serve it without making another", async () => {
    expect(a.publicKey).toMatch(/^pk_ws_/);
    expect([b.publicKey, c.publicKey]).toEqual(["", ""]);
    expect(b.stdout()).toContain("listening on");
    const workspaces = await call(c, "/api/admin/workspaces", { admin: true });
    expect(workspaces.json.workspaces.map((w: { id: string }) => w.id)).toEqual([a.workspaceId]);
  });

  test("a reply posted on one instance reaches the visitor streaming from another, and history on a third has it", async () => {
    const token = await visitorOn(a);
    const sent = await call(b, "/api/widget/messages", { token, body: { body: "Hello from instance B" } });
    expect(sent.status).toBe(201);
    const id = sent.json.conversation.id;
    const stream = await openSse(overHttp(c.url), "/api/widget/messages/stream", { "x-woes-key": a.publicKey, authorization: `Bearer ${token}` });
    try {
      await stream.until(() => stream.of("ready").length === 1, 5000);
      const reply = await call(a, `/api/admin/conversations/${id}/messages`, { admin: true, body: { body: "Answered on instance A" } });
      expect(reply.status).toBe(201);
      await stream.until(() => stream.of("message").some((e) => e.data.message.body === "Answered on instance A"), 5000);
    } finally {
      await stream.close();
    }
    const history = await call(c, `/api/widget/messages?conversation=${id}`, { token });
    expect(history.json.messages.map((m: { body: string }) => m.body)).toEqual(["Hello from instance B", "Answered on instance A"]);
  });

  test("a message sent on one instance is found by a search on another at once, and a visitor's new name on a third", async () => {
    const token = await visitorOn(a);
    const sent = await call(a, "/api/widget/messages", { token, body: { body: "the zeppelin parcel is late" } });
    expect(sent.status).toBe(201);
    const find = async (s: RunningServer, q: string) => (await call(s, `/api/admin/search?q=${encodeURIComponent(q)}`, { admin: true })).json.results as { kind: string; conversationId: string; snippet: string }[];
    // note: the instance searched indexes what waits first, whichever instance queued it.
    expect((await find(b, "zeppel")).map((r) => [r.kind, r.conversationId, r.snippet])).toEqual([["message", sent.json.conversation.id, "the <mark>zeppelin</mark> parcel is late"]]);
    expect((await call(c, "/api/widget/session", { token, body: { identity: { name: "Quentin Zorblax" } } })).status).toBe(200);
    expect((await find(b, "zorbla")).map((r) => [r.kind, r.conversationId])).toEqual([["visitor", sent.json.conversation.id]]);
  });

  test("a message over a notification's 8000 bytes travels whole", async () => {
    const token = await visitorOn(b);
    // note: 900 × (2 + 4 + 2 + 2) bytes once escaped in JSON: 9 000 bytes.
    const body = "é😀\"\\".repeat(900);
    const stream = await openSse(overHttp(c.url), "/api/widget/messages/stream", { "x-woes-key": a.publicKey, authorization: `Bearer ${token}` });
    try {
      await stream.until(() => stream.of("ready").length === 1, 5000);
      // note: the visitor's own message from another tab reaches its streams too.
      expect((await call(a, "/api/widget/messages", { token, body: { body } })).status).toBe(201);
      await stream.until(() => stream.of("message").some((e) => e.data.message.body === body), 5000);
    } finally {
      await stream.close();
    }
  });

  test("operatorsOnline counts the operators watching the inbox from every instance", async () => {
    const token = await visitorOn(c);
    const online = async (s: RunningServer) => (await call(s, "/api/widget/presence", { token, body: { state: "active" } })).json.operatorsOnline as number;
    expect(await online(c)).toBe(0);
    const inbox = (s: RunningServer) => openSse(overHttp(s.url), "/api/admin/conversations/stream", { authorization: `Bearer ${a.adminToken}` });
    const one = await inbox(a);
    const two = await inbox(b);
    try {
      const end = Date.now() + 5000;
      while ((await Promise.all([online(a), online(b), online(c)])).some((n) => n !== 2)) {
        if (Date.now() > end) throw new Error(`operatorsOnline never agreed on 2: ${await Promise.all([online(a), online(b), online(c)])}`);
        await sleep(20);
      }
    } finally {
      await one.close();
      await two.close();
    }
    const end = Date.now() + 5000;
    while ((await online(c)) !== 0) {
      if (Date.now() > end) throw new Error("operatorsOnline did not fall back to 0 once the inboxes closed");
      await sleep(20);
    }
  });

  test("a visitor beating on one instance is listed online by every instance at once, and offline at once when it leaves", async () => {
    const token = await visitorOn(b);
    const id = (await call(b, "/api/widget/session", { token, body: {} })).json.visitor.id as string;
    const listed = async (s: RunningServer) => ((await call(s, `/api/admin/visitors/online?workspace=${a.workspaceId}`, { admin: true })).json.visitors as { id: string }[]).some((v) => v.id === id);
    // note: the flushes (every 5 s) would take up to 10 s; the change of state is told to the others at once.
    const within = async (want: boolean, what: string) => {
      const end = Date.now() + 1000;
      while ((await Promise.all([a, b, c].map(listed))).some((on) => on !== want)) {
        if (Date.now() > end) throw new Error(`the visitor beating on B was not ${what} by every instance within 1 s`);
        await sleep(10);
      }
    };
    expect((await call(b, "/api/widget/presence", { token, body: { state: "active", page: { url: "https://shop.example/pricing" } } })).status).toBe(200);
    await within(true, "listed online");
    expect((await call(c, "/api/widget/presence", { token, body: { state: "offline" } })).status).toBe(200);
    await within(false, "taken off the list");
  });

  test("a conversation that joins a verified contact on one instance is read by the contact's other device on another at once", async () => {
    const laptop = await visitorOn(a);
    const started = await call(a, "/api/widget/messages", { token: laptop, body: { body: "started before signing in" } });
    const id = started.json.conversation.id as string;
    const history = (s: RunningServer, token: string) => call(s, `/api/widget/messages?conversation=${id}`, { token });
    // note: B remembers who may read the conversation while it belongs to the laptop alone.
    expect((await history(b, laptop)).status).toBe(200);
    const email = `ada-${Date.now()}@example.com`;
    const identity = { email, email_hash: await hmac(a.identitySecret, email) };
    expect((await call(c, "/api/widget/session", { token: laptop, body: { identity } })).status).toBe(200);
    const phone = (await call(a, "/api/widget/session", { body: { identity } })).json.visitor.token as string;
    const read = await history(b, phone);
    expect(read.status).toBe(200);
    expect(read.json.messages.map((m: { body: string }) => m.body)).toEqual(["started before signing in"]);
  });

  test("a visitor erased on one instance is listed online by none, and no instance writes its heartbeat back", async () => {
    const token = await visitorOn(b);
    const id = (await call(b, "/api/widget/session", { token, body: {} })).json.visitor.id as string;
    expect((await call(b, "/api/widget/presence", { token, body: { state: "active", page: { url: "https://shop.example/secret-page" } } })).status).toBe(200);
    const listed = async (s: RunningServer) => ((await call(s, `/api/admin/visitors/online?workspace=${a.workspaceId}`, { admin: true })).json.visitors as { id: string }[]).some((v) => v.id === id);
    expect(await listed(b)).toBe(true);
    expect((await call(a, `/api/admin/visitors/${id}`, { admin: true, method: "DELETE" })).status).toBe(204);
    const at = Date.now();
    while (await listed(b)) {
      if (Date.now() - at > 1000) throw new Error("B still listed the erased visitor online after 1 s");
      await sleep(5);
    }
    // note: B's heartbeat of the visitor was waiting for its next flush (every 5 s); it must not reach the database.
    await sleep(6000);
    const sql = postgres(db, { max: 1, onnotice: () => {} });
    try {
      expect(await sql`select visitor_id from presence where visitor_id = ${id}`).toHaveLength(0);
    } finally {
      await sql.end();
    }
  });

  test("a key revoked on one instance is refused by the others within milliseconds", async () => {
    const made = await call(a, `/api/admin/workspaces/${a.workspaceId}/keys`, { admin: true, body: { kind: "workspace" } });
    expect(made.status).toBe(201);
    const key = made.json.key as string;
    // note: each instance has the key in its cache before the revocation.
    for (const s of [a, b, c]) expect((await call(s, "/api/widget/session", { key, body: {} })).status).toBe(200);
    const revoked = await call(a, `/api/admin/workspaces/${a.workspaceId}/keys/${key}`, { admin: true, method: "DELETE" });
    expect(revoked.status).toBe(204);
    const at = Date.now();
    for (const s of [b, c]) {
      while ((await call(s, "/api/widget/session", { key, body: {} })).status !== 401) {
        if (Date.now() - at > 1000) throw new Error(`${s.url} still took the revoked key after 1 s`);
        await sleep(2);
      }
    }
    expect(Date.now() - at).toBeLessThan(1000);
  });

  test("a key revoked with the CLI (woes key revoke) is refused by every running instance within milliseconds", async () => {
    const key = (await call(a, `/api/admin/workspaces/${a.workspaceId}/keys`, { admin: true, body: { kind: "workspace" } })).json.key as string;
    for (const s of [a, b, c]) expect((await call(s, "/api/widget/session", { key, body: {} })).status).toBe(200);
    const revoked = run([...a.command, "key", "revoke", key, "--db", db], { env: { PATH: process.env.PATH ?? "", ...denoEnv(a.command) } });
    expect([revoked.code, revoked.err]).toEqual([0, ""]);
    const at = Date.now();
    for (const s of [a, b, c]) {
      while ((await call(s, "/api/widget/session", { key, body: {} })).status !== 401) {
        if (Date.now() - at > 1000) throw new Error(`${s.url} still took the key revoked by the CLI after 1 s`);
        await sleep(2);
      }
    }
  });

  test("two owners removing each other at once, each through another instance, leave one owner", async () => {
    const console_ = async (s: RunningServer, path: string, body?: unknown, session?: { cookie: string; csrf: string }, method?: string) => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (session) Object.assign(headers, { cookie: session.cookie, "x-csrf-token": session.csrf });
      const res = await fetch(s.url + path, { method: method ?? (body === undefined ? "GET" : "POST"), headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null, cookie: (res.headers.get("set-cookie") ?? "").split(";")[0]! };
    };
    const password = "correct horse battery staple";
    const setup = await console_(a, "/api/console/setup", { token: a.setupUrl!.split("/").pop(), name: "Olive", email: "olive@acme.test", password });
    expect(setup.status).toBe(200);
    const olive = { id: setup.json.user.id as string, cookie: setup.cookie, csrf: setup.json.csrfToken as string };
    const invite = await console_(b, "/api/console/invites", { workspaceId: a.workspaceId, role: "owner" }, olive);
    expect(invite.status).toBe(201);
    const accepted = await console_(c, "/api/console/invites/accept", { token: (invite.json.url as string).split("/").pop(), name: "Owen", email: "owen@acme.test", password });
    expect(accepted.status).toBe(200);
    const owen = { id: accepted.json.user.id as string, cookie: accepted.cookie, csrf: accepted.json.csrfToken as string };
    const members = `/api/console/workspaces/${a.workspaceId}/members`;
    const [one, two] = await Promise.all([console_(b, `${members}/${owen.id}`, undefined, olive, "DELETE"), console_(c, `${members}/${olive.id}`, undefined, owen, "DELETE")]);
    // note: the loser is refused as the last owner, or as no longer a member when the winner's delete came first.
    expect([[204, 404], [204, 409]]).toContainEqual([one.status, two.status].sort());
    const sql = postgres(db, { max: 1, onnotice: () => {} });
    try {
      expect(await sql`select user_id from membership where workspace_id = ${a.workspaceId} and role = 'owner'`).toHaveLength(1);
    } finally {
      await sql.end();
    }
  });

  test("sends spread over the instances into one conversation keep its cursor gap-free: every message, once, in order", async () => {
    const token = await visitorOn(a);
    const first = await call(a, "/api/widget/messages", { token, body: { body: "m-start" } });
    const id = first.json.conversation.id;
    const bodies = Array.from({ length: 60 }, (_, i) => `m-${i}`);
    const servers = [a, b, c];
    const seen: string[] = ["m-start"];
    let cursor = first.json.message.id as string;
    // note: a reader pages by cursor while the sends land, as a widget does.
    const sends = Promise.all(bodies.map((body, i) => call(servers[i % 3]!, "/api/widget/messages", { token, body: { conversationId: id, body } })));
    const reading = (async () => {
      for (let round = 0; round < 400 && seen.length < bodies.length + 1; round++) {
        const page = await call(servers[round % 3]!, `/api/widget/messages?conversation=${id}&after=${cursor}`, { token });
        for (const m of page.json.messages) seen.push(m.body);
        cursor = page.json.nextCursor;
        await sleep(5);
      }
    })();
    const answers = await sends;
    await reading;
    expect(answers.map((r) => r.status)).toEqual(bodies.map(() => 201));
    expect(seen.slice().sort()).toEqual(["m-start", ...bodies].sort());
    const whole = await call(b, `/api/widget/messages?conversation=${id}&limit=100`, { token });
    expect(whole.json.messages.map((m: { body: string }) => m.body)).toEqual(seen);
  });

  test("streams on every instance hear sends made at once through the others in the one order they were stored", async () => {
    const token = await visitorOn(a);
    const first = await call(a, "/api/widget/messages", { token, body: { body: "o-start" } });
    const id = first.json.conversation.id;
    const servers = [a, b, c];
    const streams = await Promise.all(servers.map((s) => openSse(overHttp(s.url), "/api/widget/messages/stream", { "x-woes-key": a.publicKey, authorization: `Bearer ${token}` })));
    try {
      for (const stream of streams) await stream.until(() => stream.of("ready").length === 1, 5000);
      const bodies = Array.from({ length: 90 }, (_, i) => `o-${i}`);
      const answers = await Promise.all(bodies.map((body, i) => call(servers[i % 3]!, "/api/widget/messages", { token, body: { conversationId: id, body } })));
      expect(answers.map((r) => r.status)).toEqual(bodies.map(() => 201));
      const stored = (await call(b, `/api/widget/messages?conversation=${id}&limit=100`, { token })).json.messages.map((m: { body: string }) => m.body).slice(1);
      expect(stored.slice().sort()).toEqual(bodies.slice().sort());
      const heard = (stream: (typeof streams)[number]) => stream.of("message").map((e) => e.data.message.body as string);
      for (const stream of streams) await stream.until(() => heard(stream).length === bodies.length, 10_000);
      // note: a stream that heard two messages in another order than they were stored would show them swapped.
      for (const stream of streams) expect(heard(stream)).toEqual(stored);
    } finally {
      await Promise.all(streams.map((s) => s.close()));
    }
  });
});

describe("two instances, with a message limit of 3 per visitor a minute", () => {
  let one: RunningServer;
  let two: RunningServer;
  beforeAll(async () => {
    const db = await freshDatabase();
    one = await startServer({ db, args: ["--limit-messages", "3"] });
    two = await startServer({ db, args: ["--limit-messages", "3"] });
  }, 120_000);
  afterAll(async () => {
    await Promise.all([one, two].map((s) => s?.stop()));
  });

  test("the limit holds across them: sends spread over both, the fourth is refused on either", async () => {
    const key = one.publicKey;
    const token = (await call(two, "/api/widget/session", { body: {}, key })).json.visitor.token as string;
    const statuses: number[] = [];
    for (const s of [one, two, one, two, one]) {
      statuses.push((await call(s, "/api/widget/messages", { key, token, body: { body: `limited ${statuses.length}` } })).status);
      // note: each instance tells the others its counts within milliseconds; a send follows a person's pace.
      await sleep(50);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
  });

  test("failed sign-ins lock the email on both: five spread over them, then even the right password is refused on either", async () => {
    const console = async (s: RunningServer, path: string, body: unknown) =>
      (await fetch(`${s.url}/api/console/${path}`, { method: "POST", headers: { "content-type": "application/json", origin: s.url }, body: JSON.stringify(body) })).status;
    const password = "correct horse battery staple";
    expect(await console(one, "setup", { token: one.setupUrl!.split("/").pop(), name: "Olive", email: "olive@example.com", password })).toBe(200);
    const statuses: number[] = [];
    for (const s of [one, two, one, two, one]) {
      statuses.push(await console(s, "login", { email: "olive@example.com", password: "wrong password, surely" }));
      await sleep(50);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect([await console(two, "login", { email: "olive@example.com", password }), await console(one, "login", { email: "olive@example.com", password })]).toEqual([429, 429]);
  });
});

describe("an instance that loses its bus connection", () => {
  let one: RunningServer;
  let two: RunningServer;
  let db: string;
  beforeAll(async () => {
    db = await freshDatabase();
    one = await startServer({ db, args: NO_LIMITS });
    two = await startServer({ db, args: NO_LIMITS });
  }, 120_000);
  afterAll(async () => {
    await Promise.all([one, two].map((s) => s?.stop()));
  });

  test("ends its streams once it listens again, and a reconnected stream hears the other instance's replies", async () => {
    const key = one.publicKey;
    const token = (await call(two, "/api/widget/session", { body: {}, key })).json.visitor.token as string;
    const id = (await call(two, "/api/widget/messages", { key, token, body: { body: "Anyone there?" } })).json.conversation.id as string;
    const open = () => openSse(overHttp(two.url), "/api/widget/messages/stream", { "x-woes-key": key, authorization: `Bearer ${token}` });
    const first = await open();
    await first.until(() => first.of("ready").length === 1, 5000);
    // note: every instance's LISTEN connection is cut, as a network blip or a Postgres restart would.
    const sql = postgres(db, { max: 1, onnotice: () => {} });
    try {
      const cut = await sql`select pg_terminate_backend(pid) as done from pg_stat_activity where datname = current_database() and query ilike 'listen%'`;
      expect(cut.length).toBe(2);
    } finally {
      await sql.end();
    }
    await first.until(() => first.ended(), 10_000);
    const second = await open();
    try {
      await second.until(() => second.of("ready").length === 1, 5000);
      expect((await call(one, `/api/admin/conversations/${id}/messages`, { adminToken: one.adminToken, body: { body: "Back online" }, key })).status).toBe(201);
      await second.until(() => second.of("message").some((e) => e.data.message.body === "Back online"), 5000);
    } finally {
      await second.close();
    }
  });
});
