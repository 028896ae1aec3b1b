// The SMTP client: nodemailer over --smtp-url, or nothing at all when no SMTP server is set.
import nodemailer from "nodemailer";
import type { Config } from "../config";

/** Mail is one message to one address, as plain text. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sent is how a send ended: the SMTP server took the mail, failed for now (down, timed out, a 4xx answer, or a
 *  5xx to the login or the sender: worth another try), or refused it for good (a 5xx answer to a recipient or the message). */
export type Sent = "accepted" | "later" | "refused";

/** Mailer sends mail; without SMTP it is disabled and send does nothing. */
export interface Mailer {
  enabled: boolean;
  send(mail: Mail): Promise<Sent>;
}

/** SEND_TIMEOUT_MS bounds each SMTP step (connect, greeting, an idle socket), so one send ends within minutes. */
export const SEND_TIMEOUT_MS = 30_000;

/** createMailer makes the SMTP mailer from the config; a failed send is logged, never thrown. */
export function createMailer(config: Config, log: (message: string) => void): Mailer {
  const url = config.mail.smtpUrl;
  if (!url) return { enabled: false, send: async () => "refused" };
  const transport = nodemailer.createTransport({ url, connectionTimeout: SEND_TIMEOUT_MS, greetingTimeout: SEND_TIMEOUT_MS, socketTimeout: SEND_TIMEOUT_MS });
  const from = config.mail.from ?? `woes@${config.publicUrl ? new URL(config.publicUrl).hostname : "localhost"}`;
  return {
    enabled: true,
    async send(mail) {
      try {
        await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
        return "accepted";
      } catch (error) {
        const e = error as Error & { responseCode?: number; code?: string; command?: string };
        // note: the message only: an SMTP error can echo the URL, and the URL holds the password.
        log(`woes: mail to ${mail.to} failed: ${e.message?.replace(url, "<smtp-url>")}`);
        return refusedForGood(e) ? "refused" : "later";
      }
    },
  };
}

// note: only the recipient or the message can be refused for good; a 5xx to the connection, the login or the
// sender (530 auth required, 550/553 sender not allowed, 554 relay denied) is the operator's to fix, and then
// every queued mail should still go.
function refusedForGood(e: { responseCode?: number; code?: string; command?: string }) {
  const code = e.responseCode ?? 0;
  return code >= 500 && code !== 530 && e.code !== "EAUTH" && (e.command === "RCPT TO" || e.command === "DATA");
}
