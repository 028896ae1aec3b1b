// The text of `woes --help` and of each command's --help.

export const VERSION = "0.1.0";

const common = `  --db FILE          SQLite database file (default ./woes.db, env WOES_DB)
  --json             print machine-readable JSON
  -h, --help         show this help`;

/** HELP holds the help of every command, keyed by command path. */
export const HELP: Record<string, string> = {
  "": `woes ${VERSION}: a live-chat widget server in one executable.

Usage: woes [command] [options]

Commands:
  serve              run the server (the default command)
  workspace create   create a workspace and print its widget key and identity secret
  workspace list     list workspaces
  key create         create a widget key (workspace or agent key)
  key list           list widget keys
  key revoke KEY     revoke a widget key
  token create       create an admin API token
  token list         list admin API tokens (never the tokens themselves)
  token revoke ID    revoke an admin API token
  account reset-password EMAIL  print a one-time password reset link (1 h)
  account setup-link print a one-time link that creates the console's owner (24 h)
  migrate            apply database migrations and exit
  backup FILE        write a consistent copy of the live database to FILE
  version            print the version (also: woes --version)

Run 'woes COMMAND --help' for a command's options.`,
  serve: `Usage: woes [serve] [options]

Runs the server: the widget (/widget.js), the install snippet (/install/KEY), the widget API
(/api/widget/*), the operator API (/api/admin/*) and the console (/admin). On an empty
database it creates a workspace and prints its widget key, identity secret, an admin token,
a one-time console setup link and the install snippet.

Options:
  --port N           port to listen on (default 3000, env PORT)
  --host HOST        address to bind (default 0.0.0.0, env HOST)
  --public-url URL   the origin visitors reach this server at (env WOES_PUBLIC_URL),
                     used in the printed snippet and links
  --trust-proxy      take the client address from X-Forwarded-For (behind a proxy only):
                     the entry the proxy appended, never those the client wrote
  --trust-proxy-hops N
                     trusted proxies in front; the client is N entries from the right (default 1)
  --identity-grace-hours N
                     how long a rotated identity secret stays valid (default 24)
  --limit-visitors N       new visitors per key and client address per minute (default 60)
  --limit-conversations N  new conversations per key and client address per hour (default 20)
  --limit-messages N       messages per visitor per minute (default 60)
  --ai-url URL       an OpenAI-compatible API base URL for agents (env WOES_AI_URL);
                     the key is read from WOES_AI_KEY only
  --ai-model NAME    the model agents use (env WOES_AI_MODEL)
  --ai-timeout S     seconds a provider has to answer, to the last byte (default 30)
  --ai-answers-per-conversation N  agent answers per conversation per hour (default 20)
  --ai-answers-per-day N           agent answers per workspace per day (default 2000)
  --ai-handoff-message TEXT        what the visitor sees on a handoff
                     (default "A teammate will reply here soon.")
  --ai-allow-private-urls          let a workspace's provider URL name a loopback, private
                     or link-local address, for a model on your LAN (env WOES_AI_ALLOW_PRIVATE_URLS=true)
  --smtp-url URL     smtp://user:pass@host:port or smtps:// (env WOES_SMTP_URL): mail replies
                     to offline visitors, opted-in operators and password resets; none: no mail
  --mail-from ADDR   the sender of every mail (env WOES_MAIL_FROM)
  --mail-delay S     replies within S seconds share one mail (default 120, env WOES_MAIL_DELAY)
  --mail-retry S,..  waits in seconds before each retry of a mail the SMTP server did not take,
                     then it is given up (default 60,300,900,3600, env WOES_MAIL_RETRY)
  --limit-session N        widget sessions per visitor per minute (default 120)
  --limit-read N           read marks per visitor per minute (default 240)
  --limit-events N         widget events per visitor per minute (default 120)
  --limit-presence N       presence heartbeats per visitor per minute (default 120)
  --limit-csat N           survey answers per visitor per minute (default 30)
  --limit-handoff N        hand-offs per visitor per minute (default 10)
  --limit-typing N         typing signals per visitor per minute (default 120)
  --limit-attachments N    attachment uploads per visitor per minute (default 20)
  --limit-streams N        open live connections (streams, waiting long polls) per visitor (default 10)
  --limit-streams-per-address N
                           open live connections per client address (default 100)
                           (each client address may do 20 times a visitor's limit)
  --attachment-max-mib N
                     the largest attached file, in MiB (default 10, env WOES_ATTACHMENT_MAX_MIB)
  --events-retention-days N
                     widget events are deleted after N days (default 400)
  --visitor-token-days N
                     a visitor token unused for N days stops working (default 90)
${common}`,
  "workspace create": `Usage: woes workspace create --name NAME [--json]

Creates a workspace with a widget key and an identity secret.
JSON: {"workspace": {"id", "name"}, "publicKey", "identitySecret"}

Options:
  --name NAME        the workspace's name (required)
${common}`,
  "workspace list": `Usage: woes workspace list [--json]

Lists workspaces.
${common}`,
  "key create": `Usage: woes key create --workspace ID [--agent AGENT_ID] [--origin URL]... [--json]

Creates a widget public key. With --agent, an agent key (pk_ag_...) that routes new
conversations to that agent. With --origin (repeatable), only pages on those origins may use it.
JSON: {"key", "kind", "agentId"?, "allowedOrigins"}
${common}`,
  "key list": `Usage: woes key list [--workspace ID] [--json]

Lists widget keys, revoked ones marked.
${common}`,
  "key revoke": `Usage: woes key revoke KEY

Revokes a widget key: widgets using it stop working at once.
${common}`,
  "token create": `Usage: woes token create [--name NAME] [--workspace ID]... [--expires-days N] [--json]

Creates an admin API token (woes_at_...), shown once and stored hashed. Without
--workspace it is an owner token for every workspace, including those created later.
With --expires-days N it stops working N days from now.
JSON: {"token", "id"}
${common}`,
  "token list": `Usage: woes token list [--json]

Lists admin API tokens: id, name, when made, revoked or expired. Never the tokens themselves.
JSON: {"tokens": [{"id", "name", "createdAt", "revoked", "expiresAt", "expired", "workspaces"}]}
${common}`,
  "token revoke": `Usage: woes token revoke ID

Revokes an admin API token by its id (see 'woes token list'): every running server
refuses it from its next request on.
${common}`,
  "account reset-password": `Usage: woes account reset-password EMAIL [--public-url URL]

Prints a one-time link (valid 1 h) that sets a new password for the console account
with this email; using it signs the account out everywhere. Works without SMTP.
The link starts with --public-url (env WOES_PUBLIC_URL), else http://localhost:PORT (--port, env PORT).
JSON: {"url", "expiresAt"}
${common}`,
  "account setup-link": `Usage: woes account setup-link [--public-url URL]

Prints a one-time link (valid 24 h) that creates the console's owner account, for when the
one the first start printed is lost or expired. Refused once any account exists.
The link starts with --public-url (env WOES_PUBLIC_URL), else http://localhost:PORT (--port, env PORT).
JSON: {"url", "expiresAt"}
${common}`,
  migrate: `Usage: woes migrate

Applies the embedded database migrations and exits. 'woes serve' does this too.
With --db postgres://USER:PASSWORD@HOST:PORT/DATABASE it prepares a Postgres database
(instances migrating at once take turns); serving from Postgres is not built yet.
${common}`,
  backup: `Usage: woes backup FILE

Writes a consistent copy of the database (safe while the server runs) to FILE.
${common}`,
  version: `Usage: woes version

Prints the version.`,
};
