// Deno's platform: node:sqlite, Deno.serve, argon2id from @node-rs/argon2.
import type { Platform } from "../platform";
import { assets } from "./assets";
import { argon2Passwords } from "./password";
import { listener } from "./serve";
import { migrateDatabaseAt, openStore } from "./sqlite";

/** denoPlatform is what src/platform/deno/main.ts hands the CLI. */
export const denoPlatform: Platform = { name: "deno", openStore, migrateDatabaseAt, passwords: argon2Passwords, assets, listener };
