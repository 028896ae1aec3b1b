// In-process publish/subscribe behind one interface; a multi-instance broker would plug in here.

/** Listener receives what was published on a topic. */
export type Listener<T = unknown> = (event: T) => void;

/** Hub fans events out to the listeners of a topic. */
export interface Hub {
  publish<T>(topic: string, event: T): void;
  subscribe<T>(topic: string, listener: Listener<T>): () => void;
  listeners(topic: string): number;
  /** broadcast, where there are other instances (on Postgres), delivers event to their listeners of topic only. */
  broadcast?<T>(topic: string, event: T): void;
}

/** createHub makes the in-process hub: synchronous delivery, a failing listener harms no other. */
export function createHub(log: (message: string) => void = console.error): Hub {
  const topics = new Map<string, Set<Listener<any>>>();
  return {
    publish(topic, event) {
      const set = topics.get(topic);
      if (!set) return;
      for (const listener of [...set]) {
        try {
          listener(event);
        } catch (error) {
          log(`woes: realtime listener failed: ${String(error)}`);
        }
      }
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
