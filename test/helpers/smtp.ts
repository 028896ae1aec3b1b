// A real SMTP server on loopback (the smtp-server package) that requires a login and keeps every mail it
// receives, parsed with mailparser, so tests read what a real mailbox would get.
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort, sleep } from "../runtime/neutral";

/** Received is one mail as the server got it. */
export interface Received {
  from: string;
  to: string[];
  subject: string;
  text: string;
  raw: string;
  /** tls: the mail came over TLS (an smtps:// server). */
  tls: boolean;
}

/** SMTP_USER and SMTP_PASS are the only login the test server accepts. */
export const SMTP_USER = "woes";
export const SMTP_PASS = "s3cret-pass";

/** startSmtp starts the server and returns its smtp:// URL (with the login), its mails and a way to wait for them;
 *  on a given port, and answering the first `refuse` recipients with `code` (451: try later) instead of taking them;
 *  with `tls` (a PEM key and certificate) it speaks TLS from the first byte, as smtps:// servers do; `sender` answers
 *  every MAIL FROM with that code; `slowMs` makes each recipient wait that long for its answer. */
export async function startSmtp(opts: { port?: number; refuse?: number; code?: number; tls?: { key: string; cert: string }; sender?: number; slowMs?: number } = {}) {
  const mails: Received[] = [];
  const port = opts.port ?? (await freePort());
  const tries = { recipients: 0 };
  const server = new SMTPServer({
    secure: !!opts.tls,
    ...opts.tls,
    // note: no STARTTLS offered, so the client speaks plain SMTP on loopback without a certificate.
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: false,
    onAuth(auth, _session, done) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASS) return done(null, { user: auth.username });
      done(new Error("Invalid username or password"));
    },
    onMailFrom(_address, _session, done) {
      if (opts.sender) return done(Object.assign(new Error("Sender not allowed"), { responseCode: opts.sender }));
      done();
    },
    async onRcptTo(_address, _session, done) {
      tries.recipients++;
      if (opts.slowMs) await sleep(opts.slowMs);
      if (tries.recipients <= (opts.refuse ?? 0)) return done(Object.assign(new Error("Mailbox busy, try again later"), { responseCode: opts.code ?? 451 }));
      done();
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const parsed = await simpleParser(raw);
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: parsed.subject ?? "",
          text: parsed.text ?? "",
          raw,
          tls: !!session.secure,
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `smtp${opts.tls ? "s" : ""}://${SMTP_USER}:${SMTP_PASS}@127.0.0.1:${port}`,
    mails,
    /** tries counts every recipient a client offered, taken or refused. */
    tries,
    /** waitFor waits until a mail matches, or fails after ms. */
    async waitFor(match: (m: Received) => boolean, ms = 10_000): Promise<Received> {
      const deadline = Date.now() + ms;
      for (;;) {
        const hit = mails.find(match);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no such mail in ${ms} ms; got: ${JSON.stringify(mails.map((m) => [m.to, m.subject]))}`);
        await sleep(50);
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
