// In-process publish/subscribe behind one interface; on Postgres, the bus of N instances (platform/postgres.ts) wraps it.

/** Listener receives what was published on a topic. */
export type Listener<T = unknown> = (event: T) => void;

/** Hub fans events out to the listeners of a topic. */
export interface Hub {
  /** publish delivers event to the listeners of topic; published from inside a write, once that write committed. */
  publish<T>(topic: string, event: T): void;
  subscribe<T>(topic: string, listener: Listener<T>): () => void;
  listeners(topic: string): number;
  /** broadcast, where there are other instances (on Postgres), delivers event to their listeners of topic only. */
  broadcast?<T>(topic: string, event: T): void;
}

/** createHub makes the in-process hub: synchronous delivery, a failing listener harms no other. An event published
 *  from inside a write is delivered once that write committed, through `whenCommitted` (the store's). */
export function createHub(log: (message: string) => void = console.error, whenCommitted: (then: () => void) => void = (then) => then()): Hub {
  const topics = new Map<string, Set<Listener<any>>>();
  const deliver = (topic: string, event: unknown) => {
    const set = topics.get(topic);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch (error) {
        log(`woes: realtime listener failed: ${String(error)}`);
      }
    }
  };
  return {
    publish(topic, event) {
      if (topics.has(topic)) whenCommitted(() => deliver(topic, event));
    },
    subscribe(topic, listener) {
      let set = topics.get(topic);
      if (!set) topics.set(topic, (set = new Set()));
      set.add(listener);
      return () => {
        set!.delete(listener);
        if (set!.size === 0) topics.delete(topic);
      };
    },
    listeners: (topic) => topics.get(topic)?.size ?? 0,
  };
}

/**
 * Topic names: everything for a workspace's operators; a conversation's public events on its
 * visitor's topic and, once verified, its contact's; so a message reaches only its listeners.
 */
export const topics = {
  admin: (workspaceId: string) => `admin:${workspaceId}`,
  visitor: (visitorId: string) => `visitor:${visitorId}`,
  contact: (contactId: string) => `contact:${contactId}`,
  /** caches carries what every instance must forget of what it remembers (see forgetEverywhere). */
  caches: "woes:caches",
  /** limits carries the counts each instance adds to the abuse limits, to the others (see shareLimits). */
  limits: "woes:limits",
  /** presence carries the heartbeats that change whether (or where) a visitor is online, to the other instances. */
  presence: "woes:presence",
  /** signIns carries failed and successful sign-ins to the other instances' throttles. */
  signIns: "woes:sign-ins",
  /** reset tells this instance's streams that events may have been missed (its bus connection was lost): they end,
   *  and their clients reconnect and catch up by cursor. */
  reset: "woes:reset",
};
