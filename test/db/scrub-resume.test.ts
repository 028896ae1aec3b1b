// Migration 0019: page addresses kept before the widget API dropped a mailed link's resume token lose them.
import { expect, test } from "bun:test";
import { migratedUpTo } from "../helpers/migrations";

test("migrating forgets every kept page address that holds a resume token, and only those", () => {
  const { store, exec, all, migrateRest } = migratedUpTo("0019_scrub_resume_tokens");
  const token = "https://shop.example/#/woes_resume=0123456789abcdefABCDEF0123456789";
  const clean = "https://shop.example/pricing";
  exec("INSERT INTO workspace (id, name, settings) VALUES ('ws_a', 'A', '{}')");
  exec(`INSERT INTO visitor (id, workspace_id, token_hash, last_page) VALUES ('vis_t', 'ws_a', 'h1', '{"url":"${token}"}'), ('vis_c', 'ws_a', 'h2', '{"url":"${clean}"}')`);
  exec(`INSERT INTO event (workspace_id, visitor_id, type, page_url, at) VALUES ('ws_a', 'vis_t', 'widget_open', '${token}', 1), ('ws_a', 'vis_c', 'widget_open', '${clean}', 1)`);
  migrateRest();
  expect(all("SELECT id, last_page FROM visitor ORDER BY id")).toEqual([
    { id: "vis_c", last_page: `{"url":"${clean}"}` },
    { id: "vis_t", last_page: null },
  ]);
  expect(all("SELECT page_url FROM event ORDER BY visitor_id")).toEqual([{ page_url: clean }, { page_url: null }]);
  store.close();
});
