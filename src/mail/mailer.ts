// The SMTP client: nodemailer over --smtp-url, or nothing at all when no SMTP server is set.
import nodemailer from "nodemailer";
import type { Config } from "../config";

/** Mail is one message to one address, as plain text. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Mailer sends mail; without SMTP it is disabled and send does nothing. */
export interface Mailer {
  enabled: boolean;
  send(mail: Mail): Promise<boolean>;
}

/** createMailer makes the SMTP mailer from the config; a failed send is logged, never thrown. */
export function createMailer(config: Config, log: (message: string) => void): Mailer {
  const url = config.mail.smtpUrl;
  if (!url) return { enabled: false, send: async () => false };
  const transport = nodemailer.createTransport(url);
  const from = config.mail.from ?? `woes@${config.publicUrl ? new URL(config.publicUrl).hostname : "localhost"}`;
  return {
    enabled: true,
    async send(mail) {
      try {
        await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
        return true;
      } catch (error) {
        // note: the message only: an SMTP error can echo the URL, and the URL holds the password.
        log(`woes: mail to ${mail.to} failed: ${(error as Error).message?.replace(url, "<smtp-url>")}`);
        return false;
      }
    },
  };
}
