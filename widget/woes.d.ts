// Types for sites that embed the Woes chat widget: copy this file into your project (or reference it)
// to type window.Woes. The commands are those of the Widget API document; see the README for examples.

/** An unsigned identity: attributes you already know about the visitor (stored as unverified). */
export interface WoesUnsignedIdentity {
  email?: string;
  name?: string;
  company?: string;
  /** Your user id; a number is sent as a string. */
  id?: string | number;
}

/** An HMAC identity: email_hash is lowercase hex HMAC-SHA256(identity secret, email), computed by your backend. */
export interface WoesHmacIdentity extends WoesUnsignedIdentity {
  email: string;
  email_hash: string;
}

/** A JWT identity: HS256, signed by your backend with the workspace identity secret (claims sub or email, exp ≤ 24 h). */
export interface WoesJwtIdentity {
  jwt: string;
}

/** What identify accepts. */
export type WoesIdentity = WoesUnsignedIdentity | WoesHmacIdentity | WoesJwtIdentity;

/** Values allowed in conversation fields and ticket form prefills. */
export type WoesFieldValue = string | number | boolean | null;

/**
 * The queued widget API. Calls made before widget.js has loaded are queued by the snippet's stub and
 * applied in order once it loads. Unknown commands and bad payloads are ignored with one console
 * warning; the function never throws.
 */
export interface WoesApi {
  /** Opens the messenger. */
  (command: "show"): void;
  /** Closes the messenger. */
  (command: "hide"): void;
  /** Runs the callback each time the messenger opens; null removes it. */
  (command: "onShow", callback: (() => void) | null): void;
  /** Runs the callback each time the messenger closes; null removes it. */
  (command: "onHide", callback: (() => void) | null): void;
  /** Hides the launcher bubble (for sites with their own launcher; use show and onChangeUnreadMessagesCount). */
  (command: "hideChatBubble"): void;
  /** Shows the launcher bubble again. */
  (command: "showChatBubble"): void;
  /** Sets the widget theme; until called, the workspace setting decides, and for "auto" the visitor's prefers-color-scheme. */
  (command: "setTheme", theme: "dark" | "light"): void;
  /**
   * Receives the visitor's unread message count: once at registration (as soon as the session is
   * known) and on every change, in step across the visitor's tabs. null removes it.
   */
  (command: "onChangeUnreadMessagesCount", callback: ((count: number) => void) | null): void;
  /** Connects the visitor to a customer identity; the session and its history are loaded again, and a new session
   *  the widget starts when the visitor token stops working carries the identity too. */
  (command: "identify", identity: WoesIdentity): void;
  /** Adds metadata to the next new conversation (merged with earlier calls, cleared once a conversation starts). */
  (command: "setNewConversationFields", fields: Record<string, WoesFieldValue>): void;
  /** Opens the messenger on a new conversation with this draft in the composer (not sent). */
  (command: "showNewMessage", draft: string): void;
  /** Opens a specific ticket form by its key. */
  (command: "showTicketForm", formKey: string): void;
  /** Prefills ticket form fields by field key (merged with earlier calls). */
  (command: "setTicketFormFields", fields: Record<string, WoesFieldValue>): void;
  /** Restricts the ticket forms offered on the messenger's home; null offers them all again. */
  (command: "setVisibleTicketForms", formKeys: string[] | null): void;
  /**
   * Ends the visitor's session on this browser (call it when your user signs out, as on a shared computer):
   * forgets the visitor token, closes the live stream and removes the widget from every tab of the visitor.
   * The next show or identify (or the next page view) starts a new visitor with nothing of the last one.
   */
  (command: "shutdown"): void;
}

declare global {
  interface Window {
    Woes: WoesApi;
  }
  // note: the snippet's stub makes Woes a global as well as window.Woes.
  var Woes: WoesApi;
}
