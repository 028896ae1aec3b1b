// pathStartsWith reads the path only, never the query or the host.
import { expect, test } from "bun:test";
import { pathStartsWith } from "../../src/lib/url";

test("pathStartsWith matches the path, not the query or the host", () => {
  expect(pathStartsWith("http://localhost:3000/api/widget/session", "/api/widget/")).toBe(true);
  expect(pathStartsWith("http://localhost:3000/api/admin/conversations?x=/api/widget/", "/api/widget/")).toBe(false);
  expect(pathStartsWith("http://api.example/api/widget", "/api/widget/")).toBe(false);
  expect(pathStartsWith("http://localhost", "/")).toBe(false);
});
