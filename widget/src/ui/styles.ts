// The messenger's stylesheet, adopted beside the launcher's (widget/src/launcher.ts) by the shadow root the
// loader drew, as a constructed sheet, so a strict style-src needs no 'unsafe-inline' and the host page's CSS
// cannot reach in.

/** CSS is the panel's stylesheet; themes are custom properties switched by the root's class (accent, on-accent
 *  and bg come from the launcher's sheet). */
export const CSS = `
.w{--link:#4f46e5;--surface:#f4f5f8;--text:#1d2130;--muted:#5f6677;--line:#e3e6ec;--them:#eef0f4;--danger:#c2262e;
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--text);-webkit-font-smoothing:antialiased}
.w.dark{--link:#8b8cf8;--surface:#1e2129;--text:#e9ebf1;--muted:#a4abba;--line:#2d323d;--them:#272b35;--danger:#ff7b80}
*{box-sizing:border-box}
button,input,textarea,select{font:inherit;color:inherit}
button{cursor:pointer}
:focus-visible{outline:2px solid var(--ring);outline-offset:2px}
.launcher{transition:transform .15s}
.launcher:hover{transform:scale(1.06)}
.launcher svg{width:28px;height:28px}
.w{--ring:#4f46e5;--shadow:0 12px 40px rgba(16,20,40,.18)}
.w.dark{--ring:#a5a6ff;--shadow:0 12px 40px rgba(0,0,0,.55)}
.launcher{box-shadow:var(--shadow)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
svg{width:22px;height:22px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.panel{position:fixed;left:var(--l,auto);right:var(--r,20px);bottom:calc(var(--y,20px) + 72px);z-index:2147483000;width:380px;height:min(640px,calc(100vh - 112px));display:flex;flex-direction:column;background:var(--bg);border-radius:16px;box-shadow:var(--shadow);overflow:hidden;animation:in .18s ease-out}
@keyframes in{from{opacity:0;transform:translateY(12px)}}
header{display:flex;align-items:center;gap:10px;padding:14px 12px 14px 16px;background:var(--accent);color:var(--on-accent)}
.heading{flex:1;min-width:0}
.title{margin:0;font-size:16px;font-weight:650;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.subtitle{margin:0;font-size:12.5px;opacity:.85}
.avail:empty{display:none}
.avail.on:before{content:"";display:inline-block;width:8px;height:8px;margin-inline-end:6px;border-radius:50%;background:currentColor}
.icon-btn{border:0;background:transparent;color:inherit;width:36px;height:36px;border-radius:8px;display:grid;place-items:center}
.icon-btn:hover{background:rgba(127,127,127,.22)}
header :focus-visible{outline-color:var(--on-accent)}
.avatar{position:relative;flex:none;width:34px;height:34px;border-radius:50%;background:rgba(255,255,255,.25);display:grid;place-items:center;font-weight:700;overflow:hidden}
.avatar img,.mini img{position:absolute;inset:0;width:100%;height:100%;object-fit:cover}
.body,.thread{flex:1;min-height:0;display:flex;flex-direction:column;background:var(--bg)}
.scroll{flex:1;min-height:0;overflow:auto;padding:16px}
h3{margin:18px 0 8px;font-size:12px;font-weight:650;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.muted,.status{color:var(--muted)}
ul,ol{list-style:none;margin:0;padding:0}
.primary{width:100%;border:0;border-radius:10px;padding:11px 14px;background:var(--accent);color:var(--on-accent);font-weight:600}
.primary:disabled{opacity:.55;cursor:default}
.row{width:100%;text-align:left;border:1px solid var(--line);background:var(--surface);border-radius:10px;padding:10px 12px;margin-bottom:8px;display:grid;grid-template-columns:1fr auto;gap:2px 8px}
.row:hover{border-color:var(--accent)}
.row .name{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.row .last{grid-column:1;color:var(--muted);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.row time{font-size:12px;color:var(--muted)}
.count{justify-self:end;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#d93036;color:#fff;font-size:12px;font-weight:700;line-height:20px;text-align:center}
.tag{font-size:11px;font-weight:600;color:var(--muted);border:1px solid var(--line);border-radius:6px;padding:0 5px;margin-left:6px}
.log{display:flex;flex-direction:column;gap:10px}
.intro{align-self:center;text-align:center;color:var(--muted);padding:24px 12px}
.msg{display:flex;flex-direction:column;max-width:82%;align-self:flex-start}
.msg.me{align-self:flex-end;align-items:flex-end}
.who{display:flex;align-items:center;gap:6px;font-size:12px;color:var(--muted);margin:0 0 3px 2px}
.mini{position:relative;width:20px;height:20px;border-radius:50%;overflow:hidden;display:grid;place-items:center;font-size:10px;font-weight:700;background:var(--them)}
.bubble{padding:9px 12px;border-radius:14px;background:var(--them);white-space:pre-wrap;overflow-wrap:anywhere;border-bottom-left-radius:4px}
.me .bubble{background:var(--accent);color:var(--on-accent);border-radius:14px;border-bottom-right-radius:4px}
.me .bubble a{color:inherit}
.bubble a{color:var(--link);text-decoration:underline}
.src{margin:4px 2px 0;font-size:12.5px;display:flex;flex-wrap:wrap;gap:2px 10px}
.src a{color:var(--link)}
.src:before{content:attr(aria-label) ":";color:var(--muted)}
.dots{display:inline-flex;gap:4px;padding:4px 0}
.typing{display:inline-flex;align-items:center;gap:8px;color:var(--muted);font-size:13px}
.dots i{width:7px;height:7px;border-radius:50%;background:var(--muted);animation:dot 1.2s infinite}
.dots i:nth-child(2){animation-delay:.2s}
.dots i:nth-child(3){animation-delay:.4s}
@keyframes dot{50%{opacity:.25;transform:translateY(-3px)}}
.handoff{align-self:center;margin:0 0 10px;border:1px solid var(--line);border-radius:16px;background:var(--bg);color:var(--link);font-weight:600;font-size:13px;padding:5px 14px}
.handoff:hover{border-color:var(--accent)}
.sys{align-self:center;max-width:90%;text-align:center;font-size:12.5px;color:var(--muted);white-space:pre-wrap}
.meta{font-size:11.5px;color:var(--muted);margin:3px 4px 0}
.failed .meta{color:var(--danger)}
.retry{border:0;background:none;color:var(--danger);text-decoration:underline;padding:0 4px;font-size:11.5px}
.ended{margin:16px auto 0}
.notice{margin:12px 0 0;padding:12px;border-radius:10px;background:var(--surface);border:1px solid var(--line)}
.notice p{margin:0 0 8px}
.scores{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}
.scores button{min-width:34px;height:34px;border:1px solid var(--line);border-radius:8px;background:var(--bg)}
.scores button[aria-pressed=true]{background:var(--accent);border-color:var(--accent);color:var(--on-accent)}
.ends{display:flex;justify-content:space-between;font-size:12px;color:var(--muted);margin-bottom:10px}
.composer{display:flex;flex-wrap:wrap;align-items:flex-end;gap:8px;padding:12px;border-top:1px solid var(--line)}
.composer textarea:focus-visible{outline-offset:0;border-color:var(--accent)}
.composer textarea{flex:1;resize:none;max-height:120px;field-sizing:content;min-height:40px;border:1px solid var(--line);border-radius:10px;padding:9px 11px;background:var(--surface)}
.chips{flex-basis:100%;display:flex;flex-wrap:wrap;gap:6px;margin:0;padding:0;list-style:none}
.chips:empty{display:none}
.chips li{display:flex;align-items:center;gap:4px;padding:2px 4px 2px 10px;border:1px solid var(--line);border-radius:12px;font-size:13px;max-width:100%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.chips button{border:0;background:none;font-size:16px;padding:0 6px;color:inherit}
.clip{flex:none;width:40px;height:40px;border:0;border-radius:10px;background:none;color:inherit;display:grid;place-items:center}
.clip svg{width:20px;height:20px}
.atts{list-style:none;margin:4px 0 0;padding:0;display:flex;flex-direction:column;gap:4px}
.me .atts{align-items:flex-end}
.att-btn{border:0;padding:0;background:none;display:block}
.att-img{max-width:200px;max-height:200px;border-radius:10px;cursor:zoom-in;display:block}
.att-img.big{max-width:100%;max-height:none;cursor:zoom-out}
.file{display:inline-block;padding:8px 12px;border:1px solid var(--line);border-radius:10px;color:var(--link);overflow-wrap:anywhere}
.send{flex:none;width:40px;height:40px;border:0;border-radius:10px;background:var(--accent);color:var(--on-accent);display:grid;place-items:center}
.send svg{width:20px;height:20px}
[dir=rtl] .send svg{transform:scaleX(-1)}
.field{display:flex;flex-direction:column;gap:4px;margin-bottom:12px}
.field label{font-weight:600}
.survey label{font-weight:400}
.field input,.field textarea,.field select,.notice textarea{width:100%;border:1px solid var(--line);border-radius:8px;padding:8px 10px;background:var(--surface)}
[aria-invalid=true]{border-color:var(--danger)!important}
.ask{margin:8px 0 0;padding:10px;border:1px solid var(--line);border-radius:10px}
.ask .primary{align-self:flex-start}
.err{margin:0;color:var(--danger);font-size:12.5px}
.req{color:var(--danger)}
h2.form-title{margin:0 0 14px;font-size:17px}
@media (max-width:480px){.panel{inset:0;width:auto;height:auto;border-radius:0}.open .launcher{display:none}}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}
`;
