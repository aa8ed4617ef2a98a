// Chat widget of the rugpoli assistant. A page includes rugpoli-chat.css and rugpoli-chat.js and
// puts <div id="rugpoli-chat" data-server="https://chat.example.nl"></div> where the chat goes.
// Talks to Rasa's socket.io channel. Bot text is always rendered as text (textContent), never as
// HTML. The session id and the messages shown live in sessionStorage, so the conversation
// continues across reloads and pages of the same tab; "Nieuw gesprek" starts afresh.
import { io } from "socket.io-client";

const STORAGE_SESSION = "rugpoli-chat-session";
const STORAGE_LOG = "rugpoli-chat-log";
const DEFAULT_MAX_LENGTH = 2000;
const INTRO =
  "Welkom. Ik ben een automatische assistent van de rugpoli. Ik geef algemene informatie over " +
  "lage rugklachten, geen diagnose. Bij een spoedgeval belt u 112.";
const FEEDBACK_QUESTION = "Was dit antwoord nuttig?";
// Phone numbers as the hospital leaflet writes them ("(023) 224 0130"), 112, and e-mail addresses.
const LINKS = /(\(0\d{2,3}\)\s?\d{3}\s?\d{3,4}|\b0\d{2,3}[ -]?\d{3}[ -]?\d{3,4}\b|\b112\b|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function newSessionId() {
  if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Text with phone numbers and e-mail addresses as tap-to-call / mail links; never HTML.
export function linkify(parent, text) {
  let last = 0;
  for (const match of text.matchAll(LINKS)) {
    parent.append(document.createTextNode(text.slice(last, match.index)));
    const value = match[0];
    const link = element("a", "rc-link", value);
    link.href = value.includes("@") ? `mailto:${value}` : `tel:${value.replace(/[^\d+]/g, "")}`;
    parent.append(link);
    last = match.index + value.length;
  }
  parent.append(document.createTextNode(text.slice(last)));
}

// "answer ...\nBron: source — section" -> { body, source }
export function splitSource(text) {
  const at = text.lastIndexOf("Bron:");
  if (at < 0) return { body: text, source: null };
  return { body: text.slice(0, at).trim(), source: text.slice(at).trim() };
}

class RugpoliChat {
  constructor(root, options) {
    this.root = root;
    this.server = options.server;
    this.maxLength = options.maxLength || DEFAULT_MAX_LENGTH;
    this.log = this.load();
    this.build();
    this.connect();
  }

  load() {
    try {
      return JSON.parse(sessionStorage.getItem(STORAGE_LOG) || "[]");
    } catch (error) {
      return [];
    }
  }

  save() {
    sessionStorage.setItem(STORAGE_LOG, JSON.stringify(this.log.slice(-200)));
  }

  get sessionId() {
    let id = sessionStorage.getItem(STORAGE_SESSION);
    if (!id) {
      id = newSessionId();
      sessionStorage.setItem(STORAGE_SESSION, id);
    }
    return id;
  }

  build() {
    this.root.classList.add("rugpoli-chat");
    this.root.setAttribute("role", "region");
    this.root.setAttribute("aria-labelledby", "rc-title");
    const header = element("div", "rc-header");
    const title = element("h2", "rc-title", "Vraag het de rugpoli-assistent");
    title.id = "rc-title";
    this.newButton = element("button", "rc-new", "Nieuw gesprek");
    this.newButton.type = "button";
    this.newButton.addEventListener("click", () => this.restart());
    header.append(title, this.newButton);

    this.messages = element("div", "rc-messages");
    this.messages.setAttribute("role", "log");
    this.messages.setAttribute("aria-live", "polite");
    this.messages.setAttribute("aria-label", "Gesprek");
    this.messages.tabIndex = 0;

    this.typing = element("p", "rc-typing", "De assistent schrijft een antwoord…");
    this.typing.hidden = true;
    this.status = element("p", "rc-status");
    this.status.setAttribute("role", "status");

    this.form = element("form", "rc-form");
    const label = element("label", "rc-label", "Uw vraag");
    label.htmlFor = "rc-input";
    this.input = element("textarea", "rc-input");
    this.input.id = "rc-input";
    this.input.rows = 2;
    this.input.setAttribute("aria-describedby", "rc-hint");
    const hint = element("p", "rc-hint", `Enter verstuurt, Shift+Enter geeft een nieuwe regel. Hooguit ${this.maxLength} tekens.`);
    hint.id = "rc-hint";
    const send = element("button", "rc-send", "Verstuur");
    send.type = "submit";
    this.form.append(label, this.input, send, hint);
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.sendTyped();
    });
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        this.sendTyped();
      }
    });
    this.root.replaceChildren(header, this.messages, this.typing, this.status, this.form);
    if (this.log.length === 0) this.record({ kind: "bot", text: INTRO, intro: true });
    else this.log.forEach((entry) => this.render(entry));
  }

  connect() {
    // Messages wait until the server confirmed the session: only then are its replies routed to
    // this browser (socket.io would otherwise send them before the session request).
    this.confirmed = false;
    this.outbox = [];
    this.socket = io(this.server, { transports: ["websocket", "polling"], reconnection: true });
    this.socket.on("connect", () => {
      this.status.textContent = "";
      this.socket.emit("session_request", { session_id: this.sessionId });
    });
    this.socket.on("session_confirm", () => {
      this.confirmed = true;
      this.outbox.splice(0).forEach((message) => this.socket.emit("user_uttered", message));
    });
    this.socket.on("disconnect", () => {
      this.confirmed = false;
      this.status.textContent = "De verbinding is verbroken. Ik probeer opnieuw te verbinden…";
    });
    this.socket.on("connect_error", () => {
      this.status.textContent = "Geen verbinding met de assistent. Ik probeer het opnieuw…";
    });
    this.socket.on("bot_uttered", (message) => this.receive(message));
  }

  restart() {
    sessionStorage.removeItem(STORAGE_SESSION);
    sessionStorage.removeItem(STORAGE_LOG);
    this.log = [];
    this.socket.disconnect();
    this.build();
    this.connect();
    this.input.focus();
  }

  sendTyped() {
    const text = this.input.value;
    if (!text.trim()) {
      this.status.textContent = "Typ eerst uw vraag.";
      return;
    }
    if (text.length > this.maxLength) {
      this.status.textContent = `Uw bericht is ${text.length} tekens lang; hooguit ${this.maxLength} tekens passen. Wilt u het korter maken?`;
      return;
    }
    this.input.value = "";
    this.send(text, text);
  }

  send(payload, shown) {
    this.status.textContent = "";
    this.record({ kind: "user", text: shown });
    this.typing.hidden = false;
    const message = { message: payload, session_id: this.sessionId };
    if (this.confirmed) this.socket.emit("user_uttered", message);
    else this.outbox.push(message);
  }

  receive(message) {
    this.typing.hidden = true;
    if (message && message.kind === "alarm") {
      const last = [...this.log].reverse().find((entry) => entry.kind === "bot");
      if (last) {
        last.alarm = true;
        last.feedback = false;
        this.save();
        this.refresh();
      }
      return;
    }
    if (!message || (!message.text && !message.quick_replies)) return;
    const buttons = (message.quick_replies || message.buttons || []).map((b) => ({
      title: b.title,
      payload: b.payload,
    }));
    const hasSource = (message.text || "").includes("Bron:");
    this.record({ kind: "bot", text: message.text || "", buttons, feedback: hasSource });
  }

  record(entry) {
    this.log.push(entry);
    this.save();
    this.render(entry);
  }

  refresh() {
    this.messages.replaceChildren();
    this.log.forEach((entry) => this.render(entry));
  }

  render(entry) {
    const item = element("div", `rc-message rc-${entry.kind}${entry.alarm ? " rc-alarm" : ""}`);
    const who = element("span", "rc-visually-hidden", entry.kind === "user" ? "U: " : "Assistent: ");
    item.append(who);
    if (entry.kind === "user") {
      item.append(element("p", "rc-text", entry.text));
    } else {
      const { body, source } = splitSource(entry.text);
      if (entry.alarm) item.append(element("p", "rc-alarm-label", "Belangrijk"));
      const paragraph = element("p", "rc-text");
      linkify(paragraph, body);
      item.append(paragraph);
      if (source) item.append(element("p", "rc-source", source));
      if (entry.buttons && entry.buttons.length) item.append(this.buttons(entry));
      if (entry.feedback && !entry.alarm) item.append(this.feedback(entry));
    }
    this.messages.append(item);
    this.messages.scrollTop = this.messages.scrollHeight;
  }

  buttons(entry) {
    const group = element("div", "rc-buttons");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Kies een antwoord");
    for (const button of entry.buttons) {
      const node = element("button", "rc-quick", button.title);
      node.type = "button";
      node.disabled = Boolean(entry.chosen);
      node.addEventListener("click", () => {
        entry.chosen = button.title;
        this.save();
        group.querySelectorAll("button").forEach((b) => (b.disabled = true));
        this.send(button.payload, button.title);
        this.input.focus();
      });
      group.append(node);
    }
    return group;
  }

  feedback(entry) {
    const box = element("div", "rc-feedback");
    box.setAttribute("role", "group");
    const question = element("span", "rc-feedback-question", FEEDBACK_QUESTION);
    question.id = `rc-feedback-${this.log.indexOf(entry)}`;
    box.setAttribute("aria-labelledby", question.id);
    box.append(question);
    for (const [title, payload] of [["Ja", "/answer_helpful"], ["Nee", "/answer_not_helpful"]]) {
      const node = element("button", "rc-feedback-button", title);
      node.type = "button";
      node.setAttribute("aria-pressed", String(entry.rated === title));
      node.disabled = Boolean(entry.rated);
      node.addEventListener("click", () => {
        entry.rated = title;
        this.save();
        box.querySelectorAll("button").forEach((b) => {
          b.disabled = true;
          b.setAttribute("aria-pressed", String(b.textContent === title));
        });
        this.send(payload, title === "Ja" ? "Ja, dit was nuttig" : "Nee, dit hielp niet");
        this.input.focus();
      });
      box.append(node);
    }
    return box;
  }
}

function start() {
  const root = document.getElementById("rugpoli-chat");
  if (!root) return;
  // Only the demo page may be pointed at another assistant (?server=...): on a real page a crafted
  // link must not be able to show another server's answers under the hospital's name.
  // The demo page remembers the override for the tab, so its other pages use it too.
  let override = null;
  if (root.dataset.allowServerParameter === "true") {
    override = new URLSearchParams(window.location.search).get("server")
      || sessionStorage.getItem("rugpoli-chat-server");
    if (override) sessionStorage.setItem("rugpoli-chat-server", override);
  }
  const server = override || root.dataset.server || window.location.origin;
  window.rugpoliChat = new RugpoliChat(root, {
    server,
    maxLength: Number(root.dataset.maxLength) || DEFAULT_MAX_LENGTH,
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
