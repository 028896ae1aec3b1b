// Where links point: the server's own origin (--public-url, else the listening address) for anything mailed, and
// the request's own origin only when it is an address.
import { expect, test } from "bun:test";
import { defaultConfig } from "../../src/config";
import { requestOrigin, serverOrigin } from "../../src/lib/origin";

const where = (over: Partial<ReturnType<typeof defaultConfig>>) => ({ ...defaultConfig(), ...over });

test.each([
  ["--public-url wins", where({ publicUrl: "https://chat.example.com", host: "127.0.0.1", port: 8080 }), "https://chat.example.com"],
  ["every IPv4 interface is localhost", where({ host: "0.0.0.0", port: 3000 }), "http://localhost:3000"],
  ["every IPv6 interface is localhost", where({ host: "::", port: 3000 }), "http://localhost:3000"],
  ["a bound address is named", where({ host: "127.0.0.1", port: 8080 }), "http://127.0.0.1:8080"],
  ["an IPv6 address is bracketed", where({ host: "::1", port: 8080 }), "http://[::1]:8080"],
])("serverOrigin: %s", (_name, config, expected) => {
  expect(serverOrigin(config)).toBe(expected);
  expect(URL.canParse(serverOrigin(config))).toBe(true);
});

test("requestOrigin: --public-url, else the request's own origin; never a Host that is no address", () => {
  const at = (url: string) => ({ url }) as Request;
  expect(requestOrigin(where({ publicUrl: "https://chat.example.com" }), at("http://evil.example.net/install/x"))).toBe("https://chat.example.com");
  expect(requestOrigin(where({}), at("http://chat.example.com:8080/install/x"))).toBe("http://chat.example.com:8080");
  // note: Bun hands a Host with a space over as the path alone; Deno as a URL nothing parses.
  for (const url of ["/install/x", "http://a b/install/x", "http://x:99999/install/x"]) expect([url, requestOrigin(where({ port: 4000 }), at(url))]).toEqual([url, "http://localhost:4000"]);
});
