// Not a test itself: test/widget/dts.test.ts compiles it, so widget/woes.d.ts keeps accepting the documented calls and refusing others.
import type {} from "../../widget/woes.d.ts";
window.Woes("show");
Woes("setTheme", "dark");
Woes("onChangeUnreadMessagesCount", (n) => console.log(n + 1));
Woes("identify", { email: "a@b.c", email_hash: "x" });
Woes("identify", { jwt: "x" });
Woes("setVisibleTicketForms", null);
Woes("shutdown");
// @ts-expect-error shutdown takes no payload
Woes("shutdown", true);
// @ts-expect-error bad theme
Woes("setTheme", "blue");
// @ts-expect-error unknown command
Woes("open");
