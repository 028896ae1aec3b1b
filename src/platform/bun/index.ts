// Bun's platform: bun:sqlite, Bun.serve through Elysia's listen, Bun.password.
import type { Platform } from "../platform";
import { assets } from "./assets";
import { argon2Passwords } from "./password";
import { listener } from "./serve";
import { migrateDatabaseAt, openStore } from "./sqlite";

/** bunPlatform is what src/platform/bun/main.ts hands the CLI. */
export const bunPlatform: Platform = { name: "bun", openStore, migrateDatabaseAt, passwords: argon2Passwords, assets, listener };
