// Runs the built loader (widget/dist/woes.js) inside a happy-dom window with a scripted fetch, for unit tests.
import { Window } from "happy-dom";
import { bundler } from "../helpers/platform";

/** STUB is the queue stub of the install snippet (CONTRACT §3). */
export const STUB = "window.Woes=window.Woes||function(){(Woes.q=Woes.q||[]).push(arguments)};";

let loader: Promise<string> | null = null;

/** Call is one request the widget made. */
export interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: any;
}

/** sessionAnswer is a minimal valid POST /session answer. */
export const sessionAnswer = (over: Record<string, unknown> = {}) => ({
  visitor: { token: "vt_test_token", id: "vis_1", verified: false },
  workspace: { name: "Acme" },
  settings: { theme: "auto", identity: "optional", survey: null, ticketForms: [] },
  conversations: [],
  unreadCount: 0,
  ...over,
});

/** bootLoader writes the stub (plus `before`, calls made before the script loads), then runs the loader. */
export async function bootLoader(opts: {
  before?: string;
  api?: string;
  storage?: Record<string, string>;
  respond?: (call: Call, n: number) => Response | Promise<Response>;
}) {
  loader ??= bundler.buildWidget().then((b) => b.loader);
  const code = await loader;
  const window = new Window({
    url: "https://shop.example/page",
    settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true, disableCSSFileLoading: true, disableJavaScriptFileLoading: true } as any,
  });
  const w = window as any;
  const calls: Call[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  for (const [k, v] of Object.entries(opts.storage ?? {})) window.localStorage.setItem(k, v);
  w.fetch = async (url: string, init: RequestInit = {}) => {
    const call: Call = { url: String(url), method: init.method ?? "GET", headers: { ...(init.headers as Record<string, string>) }, body: init.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(call);
    const n = calls.filter((c) => c.url === call.url).length;
    if (opts.respond) return opts.respond(call, n);
    if (call.url.endsWith("/session")) return Response.json(sessionAnswer());
    // note: the live stream and everything else stay pending, as a quiet network would.
    return new Promise<Response>(() => {});
  };
  window.console.warn = (...args: unknown[]) => void warnings.push(args.join(" "));
  window.addEventListener("error", (e: any) => void errors.push(String(e.message ?? e.error)));
  window.addEventListener("unhandledrejection", (e: any) => void errors.push(String(e.reason)));
  const doc = window.document;
  const stub = doc.createElement("script");
  stub.textContent = STUB + (opts.before ?? "");
  doc.body.append(stub);
  const script = doc.createElement("script");
  script.dataset.publicKey = "pk_ws_unit";
  script.dataset.api = opts.api ?? "https://chat.example/support/api/widget/messages";
  script.textContent = code;
  doc.body.append(script);
  return {
    window,
    w,
    calls,
    warnings,
    errors,
    /** state is the runtime state the commands set. */
    state: () => w.__woes.s,
    /** settle lets pending promises and timers of the given length run. */
    settle: (ms = 20) => new Promise((r) => setTimeout(r, ms)),
    close: async () => {
      await window.happyDOM.abort();
      await window.happyDOM.close();
    },
  };
}
