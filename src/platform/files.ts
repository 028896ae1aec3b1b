// The database's files, whatever the runtime: created private (0600), and every way opening one
// can fail turned into an Error that names the path.
import { accessSync, chmodSync, closeSync, constants, existsSync, openSync } from "node:fs";
import { dirname } from "node:path";

/** prepareDatabaseFile checks the file before a driver opens it: creates it private when missing
 *  (unless mustExist), and refuses a read-only one or one in a missing or unwritable folder. */
export function prepareDatabaseFile(path: string, mustExist: boolean) {
  if (!existsSync(path)) {
    if (mustExist) throw new Error(`no database at ${path} (nothing to read; 'woes serve' or 'woes migrate' creates one)`);
    createPrivate(path, "database");
  } else if (!writable(path)) throw new Error(`the database ${path} is read-only: the server and the CLI need to write it (check its permissions)`);
}

/** openFailure names the path in a driver's failure to open a database. */
export function openFailure(path: string, error: unknown): Error {
  const { code, message } = error as { code?: string; message?: string };
  if (code === "SQLITE_NOTADB" || /not a database/i.test(message ?? "")) return new Error(`${path} is not a SQLite database (is --db pointing at the right file?)`);
  return new Error(`cannot open the database ${path}: ${message ?? String(error)}`);
}

/** createPrivate creates an empty file readable by its owner only (0600), whatever the umask. */
export function createPrivate(path: string, what: string) {
  const folder = dirname(path);
  if (!existsSync(folder)) throw new Error(`cannot create the ${what} ${path}: the folder ${folder} does not exist`);
  if (!writable(folder)) throw new Error(`cannot create the ${what} ${path}: the folder ${folder} is not writable`);
  try {
    closeSync(openSync(path, "wx", 0o600));
  } catch (error) {
    if ((error as { code?: string }).code === "EEXIST") throw new Error(`the ${what} ${path} exists already; choose a new file name`);
    throw new Error(`cannot create the ${what} ${path}: ${(error as Error).message}`);
  }
  chmodSync(path, 0o600);
}

const writable = (path: string) => {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};
