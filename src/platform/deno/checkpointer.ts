// The checkpointer thread: its own connection copies the WAL back into the database file when the server asks,
// so that copying (up to a few hundred milliseconds after a busy second of writes) never holds up the event loop.
import { DatabaseSync } from "node:sqlite";
import { answerCheckpoints } from "../sqlite-pragmas";

answerCheckpoints((path) => {
  const db = new DatabaseSync(path);
  return { exec: (sql) => db.exec(sql), close: () => db.close() };
});
