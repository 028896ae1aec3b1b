// Shapes shared by the loader (woes.js) and the messenger (widget-messenger.js).
// note: only types live here, so importing this file adds no bytes to either bundle.

// note: the public shapes come from the server's own serializers, so the two cannot drift apart.
import type { PublicConversation, PublicMessage } from "../../src/domain/conversations";
import type { TicketForm as ServerTicketForm } from "../../src/domain/settings";
import type { HistoryAnswer, ReadAnswer } from "../../src/routes/widget/messages/model";
import type { SessionAnswer } from "../../src/routes/widget/session/model";

/** Message is the public message of CONTRACT §3. */
export type Message = PublicMessage;

/** Author of a public message, as the widget routes describe it. */
export type Author = Message["author"];

/** Conversation is the public conversation of CONTRACT §3. */
export type Conversation = PublicConversation;

/** TicketForm is a workspace ticket form definition, rendered by the messenger. */
export type TicketForm = ServerTicketForm;

/** TicketField is one field of a workspace ticket form. */
export type TicketField = TicketForm["fields"][number];

/** Session is the answer of POST /session: everything the widget boots with. */
export type Session = SessionAnswer;

/** History is the answer of GET /messages. */
export type History = HistoryAnswer;

/** ReadAnswer is the answer of POST /messages/read. */
export type { ReadAnswer };

/** EventType lists the widget events the server accepts. */
export type EventType =
  | "launcher_view"
  | "widget_open"
  | "widget_close"
  | "conversation_start"
  | "ticket_form_view"
  | "ticket_form_submit"
  | "survey_view"
  | "new_message_draft";

/** Fields is what setNewConversationFields accepts (the server's field values). */
export type Fields = Record<string, string | number | boolean | null>;

/** Callback is an integrator callback (onShow, onHide, onChangeUnreadMessagesCount). */
export type Callback = (...args: any[]) => void;

/** Intent is what the next render of the messenger should show (showNewMessage, showTicketForm). */
export interface Intent {
  draft?: string;
  form?: string;
}

/** State is everything the commands set and the messenger renders. */
export interface State {
  session?: Session;
  open?: boolean;
  bubble: boolean;
  /** Set by setTheme; until then the workspace setting, else prefers-color-scheme, decides. */
  theme?: "light" | "dark";
  /** note: -1 until the session has answered, so the first real count always reaches callbacks. */
  unread: number;
  fields: Fields;
  ticketFields: Record<string, string>;
  /** Set by setVisibleTicketForms; null or absent shows every form. */
  forms?: string[] | null;
  intent?: Intent | null;
  /** The conversation the messenger shows, which the long-poll fallback watches. */
  watch?: string | null;
  /** Set when streaming keeps failing: the messenger long-polls instead. */
  poll?: boolean;
  onShow?: Callback | null;
  onHide?: Callback | null;
  onUnread?: Callback | null;
}

/** Change names what moved, so the messenger re-renders only that part. */
export type Change =
  | "open"
  | "bubble"
  | "theme"
  | "session"
  | "unread"
  | "message"
  | "conversation"
  | "intent"
  | "forms"
  | "reconnect"
  | "fallback"
  | "expired"
  | "typing"
  | "message_delta"
  | "shutdown";

/** ApiError is a failed widget request: the contract's error body plus the HTTP status. */
export interface ApiError {
  status: number;
  code: string;
  /** Absent when the server could not be reached. */
  message?: string;
  field?: string;
  /** Every invalid field, when the server named several. */
  fields?: { field: string; message: string }[];
}

/** Ui is the widget's frame drawn by the loader: the shadow root, its themed wrapper and the launcher. */
export interface Ui {
  root: ShadowRoot;
  wrap: HTMLElement;
  launcher: HTMLButtonElement;
}

/** Runtime is what the loader hands the messenger through the private global hook. */
export interface Runtime {
  /** Puts the launcher's frame on the page (if it is not yet) and returns it; the messenger adds its panel there. */
  ui(): Ui;
  s: State;
  /** Adds a listener of state changes (the messenger); data is the SSE payload for message and conversation. */
  on(listener: (what: Change, data?: any) => void): void;
  emit(what: Change, data?: any): void;
  /** Calls a widget route relative to data-api; retries network failures with backoff. */
  call<T>(path: string, body?: unknown, tries?: number): Promise<T>;
  track(type: EventType, conversationId?: string, props?: Record<string, string | number | boolean | null>): void;
  open(open: boolean): void;
  unread(count: number, fromOtherTab?: boolean): void;
  warn(message: string, error?: unknown): void;
  /** Records a conversation the messenger created or loaded, so the list and live feed see it. */
  upsert(conversation: Conversation): void;
  /** The widget's request headers (key, visitor token) and a route under data-api, for uploads and attachment reads. */
  headers(): Record<string, string>;
  url(path: string): string;
}
