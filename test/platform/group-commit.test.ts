// Group commit: writes queued together share a transaction, yet each lands or fails alone.
import { expect, test } from "bun:test";
import { count, eq, sql } from "drizzle-orm";
import { workspaces } from "../../db/schema";
import type { Store } from "../../db/store";
import { platform } from "../helpers/platform";
import { statSync } from "node:fs";
import { sleep } from "../runtime/neutral";
import { threadCheckpoints } from "../../src/platform/sqlite-pragmas";
import { Worker } from "node:worker_threads";

const { openStore } = platform;

/** ids are the workspaces the store holds, in the order it answers them. */
const ids = async (store: Store) => (await store.db.select({ id: workspaces.id }).from(workspaces).all()).map((r) => r.id);

const insert = (id: string) => (tx: any) => tx.insert(workspaces).values({ id, name: id, settings: {}, createdAt: 1 }).run();

test("a failing write in a batch rolls back alone; the others commit", async () => {
  const store = openStore(":memory:");
  const results = await Promise.allSettled([
    store.write(insert("a")),
    store.write((tx) => {
      insert("b")(tx);
      throw new Error("second half failed");
    }),
    store.write(insert("a")), // duplicate primary key: fails on its own
    store.write(insert("c")),
  ]);
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
  expect((await ids(store)).sort()).toEqual(["a", "c"]);
});

test("a lone failing write leaves nothing behind", async () => {
  const store = openStore(":memory:");
  await expect(
    store.write((tx) => {
      insert("x")(tx);
      throw new Error("boom");
    }),
  ).rejects.toThrow("boom");
  expect((await store.db.select({ n: count() }).from(workspaces).get())!.n).toBe(0);
});

test("each caller is answered after its write is visible to readers", async () => {
  const store = openStore(":memory:");
  const writes = Array.from({ length: 50 }, (_, i) =>
    store.write(insert(`w${i}`)).then(async () => (await store.db.select().from(workspaces).where(eq(workspaces.id, `w${i}`)).get())?.id),
  );
  expect(await Promise.all(writes)).toEqual(Array.from({ length: 50 }, (_, i) => `w${i}`));
});

/** walFile makes a database file path in a fresh temporary folder. */
const walFile = async () => {
  const { mkdtempSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  return join(mkdtempSync(join(tmpdir(), "woes-wal-")), "w.db");
};

const bigRow = (id: string) => (tx: any) => tx.insert(workspaces).values({ id, name: "x".repeat(4000), settings: {}, createdAt: 1 }).run();

test("commits never checkpoint; a checkpointer thread copies the WAL back within a second or so", async () => {
  const file = await walFile();
  const store = openStore(file);
  try {
    expect(await store.db.all(sql`PRAGMA wal_autocheckpoint`)).toEqual([{ wal_autocheckpoint: 0 }]);
    // note: well past the default 1 000-page trigger, so a checkpoint inside COMMIT would have run by now.
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => store.write(bigRow(`w${batch}-${i}`))));
    }
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(4_000_000);
    expect(statSync(file).size).toBeLessThan(1_000_000);
    await sleep(1500);
    expect(statSync(file).size).toBeGreaterThan(4_000_000);
    expect((await store.db.select({ n: count() }).from(workspaces).get())!.n).toBe(2000);
  } finally {
    store.close();
  }
});

test("under steady writes the WAL is wholly copied back each round and starts again, so it stays the size of about a second of writes", async () => {
  const file = await walFile();
  const store = openStore(file);
  let written = 0;
  try {
    // note: a WAL never wholly copied back (a checkpointer racing the writes) would grow by every byte written.
    const until = Date.now() + 4500;
    for (let batch = 0; Date.now() < until; batch++) {
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.write(bigRow(`s${batch}-${i}`))));
      written += 20 * 4096;
      await sleep(2);
    }
    const wal = statSync(`${file}-wal`).size;
    expect(written).toBeGreaterThan(8_000_000);
    expect(wal).toBeLessThan(written * 0.6);
    expect((await store.db.select({ n: count() }).from(workspaces).get())!.n).toBe(written / 4096);
  } finally {
    store.close();
  }
}, 20_000);

test("closing the store once the checkpointer thread runs is prompt (the thread lets go of the file at once) and loses nothing", async () => {
  const file = await walFile();
  const store = openStore(file);
  await Promise.all(Array.from({ length: 50 }, (_, i) => store.write(bigRow(`c${i}`))));
  // note: the thread starts with the first checkpoint, a second after opening.
  await sleep(1500);
  await store.write(bigRow("last"));
  const started = performance.now();
  store.close();
  expect(performance.now() - started).toBeLessThan(1000);
  const reopened = openStore(file);
  try {
    expect((await reopened.db.select({ n: count() }).from(workspaces).get())!.n).toBe(51);
  } finally {
    reopened.close();
  }
});

test("when the checkpointer thread fails, checkpoints go on in the server's thread", async () => {
  const errors: unknown[] = [];
  const log = console.error;
  console.error = (...args: unknown[]) => void errors.push(args.join(" "));
  const inline: string[] = [];
  const broken = () => new Worker(new URL("data:text/javascript,throw new Error('no thread here')"));
  const checkpoints = threadCheckpoints("unused.db", broken, () => () => {}, (sql) => void inline.push(sql));
  try {
    checkpoints.checkpoint();
    for (let i = 0; i < 100 && errors.length === 0; i++) await sleep(20);
    checkpoints.checkpoint();
    checkpoints.checkpoint();
  } finally {
    console.error = log;
    checkpoints.close();
  }
  expect(String(errors[0])).toContain("the checkpointer thread failed, checkpoints go on in the server's thread");
  expect(inline).toEqual(["PRAGMA wal_checkpoint(PASSIVE)", "PRAGMA wal_checkpoint(PASSIVE)"]);
});

test("writes held for a round's last checkpoint go on after 250 ms when the thread does not answer it", async () => {
  // note: a thread that answers the round's first checkpoint as quick (so the next one is held) and never the next.
  const silent = () =>
    new Worker(
      new URL(`data:text/javascript,${encodeURIComponent(`import { parentPort } from "node:worker_threads";
let asked = 0;
parentPort.on("message", (m) => {
  if (m.type === "checkpoint" && asked++ === 0) parentPort.postMessage(1);
  if (m.type === "close") { Atomics.store(m.closed, 0, 1); Atomics.notify(m.closed, 0); }
});`)}`),
    );
  let heldAt = 0;
  let releasedAt = 0;
  const hold = () => {
    heldAt = performance.now();
    return () => void (releasedAt = performance.now());
  };
  const checkpoints = threadCheckpoints("unused.db", silent, hold, () => {});
  try {
    checkpoints.checkpoint();
    for (let i = 0; i < 100 && !releasedAt; i++) await sleep(20);
  } finally {
    checkpoints.close();
  }
  expect(heldAt).toBeGreaterThan(0);
  expect(releasedAt - heldAt).toBeGreaterThanOrEqual(240);
  expect(releasedAt - heldAt).toBeLessThan(1000);
});

test("a write that awaits anything but the database is rolled back, and the others in its batch land", async () => {
  const store = openStore(":memory:");
  const results = await Promise.allSettled([
    store.write(insert("a")),
    store.write(async (tx) => {
      await insert("b")(tx);
      await sleep(5);
      await insert("b2")(tx);
    }),
    store.write(insert("c")),
  ]);
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect(String((results[1] as PromiseRejectedResult).reason)).toContain("awaited something other than the database");
  expect((await ids(store)).sort()).toEqual(["a", "c"]);
});

test("a lone write that yields to the event loop is rolled back, and the next write still commits", async () => {
  const store = openStore(":memory:");
  await expect(
    store.write(async (tx) => {
      await insert("x")(tx);
      await new Promise((resolve) => setImmediate(resolve));
    }),
  ).rejects.toThrow("awaited something other than the database");
  await store.write(insert("y"));
  expect(await ids(store)).toEqual(["y"]);
});

test("callers are answered once the whole flush committed: none reads a transaction still open", async () => {
  const store = openStore(":memory:");
  // note: 300 writes make two batches of 256 and 44; the ghost, first of the second, is written, then rolled back.
  const seen: number[] = [];
  const writes = Array.from({ length: 300 }, (_, i) =>
    i === 256
      ? store.write(async (tx) => {
          await insert("ghost")(tx);
          for (let k = 0; k < 50; k++) await Promise.resolve();
          throw new Error("second thoughts");
        })
      : store.write(insert(`w${i}`)).then(async () => {
          // note: a caller that does a little work first, as a request handler does, before it reads.
          for (let k = 0; k < 10; k++) await Promise.resolve();
          seen.push((await store.db.select({ n: count() }).from(workspaces).where(eq(workspaces.id, "ghost")).get())!.n);
        }),
  );
  const results = await Promise.allSettled(writes);
  expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
  expect(seen).toHaveLength(299);
  expect(seen.filter((n) => n !== 0)).toEqual([]);
});

test("a chain of writes, each started when the last is answered, lets the event loop turn between them", async () => {
  const store = openStore(":memory:");
  let turns = 0;
  let counting = true;
  const count = () => counting && (turns++, setImmediate(count));
  setImmediate(count);
  for (let i = 0; i < 200; i++) await store.write(insert(`c${i}`));
  counting = false;
  expect(turns).toBeGreaterThan(150);
});

test.each([
  ["at once", async () => {}],
  ["after it yielded to the event loop", () => sleep(5)],
])("a write that starts another write from its callback (%s) and waits for it is refused, not left waiting for itself", async (_, pause) => {
  const store = openStore(":memory:");
  await expect(
    store.write(async (tx) => {
      await insert("outer")(tx);
      await pause();
      await store.write(insert("inner"));
    }),
  ).rejects.toThrow("would wait for itself");
  await store.write(insert("after"));
  expect(await ids(store)).toEqual(["after"]);
});

test("another request's write while a callback has yielded waits for the next flush: it is not refused", async () => {
  const store = openStore(":memory:");
  const yielding = store.write(async (tx) => {
    await insert("a")(tx);
    await sleep(20);
  });
  await sleep(5);
  const other = store.write(insert("b"));
  await expect(yielding).rejects.toThrow("awaited something other than the database");
  await other;
  expect(await ids(store)).toEqual(["b"]);
});

test("what a write asks to run when committed runs after its COMMIT, in the order the writes ran; never for one rolled back", async () => {
  const store = openStore(":memory:");
  const said: string[] = [];
  const write = (id: string, fail = false) =>
    store.write(async (tx) => {
      await insert(id)(tx);
      store.whenCommitted(() => said.push(id));
      // note: nothing is said while the transaction is open.
      expect(said).not.toContain(id);
      if (fail) throw new Error("rolled back");
    });
  const results = await Promise.allSettled([write("a"), write("b", true), write("c")]);
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect(said).toEqual(["a", "c"]);
  // note: a lone write that fails rolls back the whole transaction: nothing said either.
  await expect(write("d", true)).rejects.toThrow("rolled back");
  expect(said).toEqual(["a", "c"]);
  store.whenCommitted(() => said.push("outside"));
  expect(said).toEqual(["a", "c", "outside"]);
});
