// Agent test kit: an app with an agent, its key and the shipped product docs as sources.
import { afterAll } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeApp } from "../helpers/app";
import { addKey, visitor } from "../helpers/builders";
import { startProvider, type FakeProvider } from "../helpers/provider";
import type { Config } from "../../src/config";

const DOCS = join(import.meta.dirname!, "../fixtures/docs");

/** DOC_URLS: the public pages; shipping.txt is an internal handbook with no URL. */
export const DOC_URLS: Record<string, string | undefined> = {
  "account.md": "https://docs.acme.example/account",
  "billing.md": "https://docs.acme.example/billing",
  "widget.html": "https://docs.acme.example/widget",
  "shipping.txt": undefined,
};

/** INSTRUCTIONS is an agent's instructions, long enough for the guard to recognise. */
export const INSTRUCTIONS = "Always greet the customer by name. Offer the Business plan to teams of more than twenty people. SECRET_INSTRUCTION_MARKER";

/** docText reads one shipped doc. */
export const docText = (name: string) => readFileSync(join(DOCS, name), "utf8");

/** makeAgentApp builds the app with an agent "Ava", its widget key, and (by default) the docs attached. */
export async function makeAgentApp(opts: { config?: Partial<Config>; ai?: Partial<Config["ai"]>; docs?: boolean } = {}) {
  const base = (await import("../../src/config")).defaultConfig();
  const t = await makeApp({ config: { ...opts.config, ai: { ...base.ai, ...opts.ai } } });
  const key = await addKey(t, { agent: { name: "Ava", instructions: INSTRUCTIONS, avatarUrl: "https://cdn.acme.example/ava.png" } });
  const agentId = key.agentId!;
  const sourcesPath = `/api/admin/workspaces/${t.ws.workspace.id}/agents/${agentId}/sources`;
  const sources: Record<string, string> = {};
  if (opts.docs !== false) {
    for (const [name, url] of Object.entries(DOC_URLS)) {
      const r = await t.admin({ path: sourcesPath, body: { title: name.replace(/\..*$/, ""), text: docText(name), ...(url ? { url } : {}) } });
      if (r.status !== 201) throw new Error(`source ${name}: ${r.status} ${r.text}`);
      sources[name] = r.json.id;
    }
  }
  const v = await visitor(t, { key: key.key });
  return { t, key: key.key, agentId, sourcesPath, sources, v };
}

/** useProviders answers a starter of loopback providers for one test file; they all stop after its tests. */
export function useProviders() {
  const providers: FakeProvider[] = [];
  afterAll(() => providers.forEach((p) => p.stop()));
  return async (init: Parameters<typeof startProvider>[0] = {}) => {
    const p = await startProvider(init);
    providers.push(p);
    return p;
  };
}
