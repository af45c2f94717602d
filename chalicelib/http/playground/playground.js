// The playground page: talks to the Luminora API of the origin that served it.
// Every value that comes from the API reaches the page through textContent, never as HTML.
import { usagePanel } from "./usage-panel.js";

(() => {
  const KEY_ITEM = "luminora.apiKey";
  // The core level table; a personality file may replace it with its own relationship_levels.
  const DEFAULT_LEVELS = [
    { name: "stranger", low: 0, high: 20 },
    { name: "acquaintance", low: 21, high: 40 },
    { name: "friend", low: 41, high: 60 },
    { name: "close_friend", low: 61, high: 80 },
    { name: "soulmate", low: 81, high: 100 },
  ];

  const $ = (id) => document.getElementById(id);
  const state = { levels: DEFAULT_LEVELS, points: null, level: null, busy: false, pending: 0 };

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  // -- small DOM helpers ---------------------------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function when(stamp) {
    if (!stamp) return "";
    const date = new Date(stamp);
    return Number.isNaN(date.getTime()) ? String(stamp) : date.toLocaleString();
  }

  // -- the API -------------------------------------------------------------------------------------

  // Relative to the page, so that a stage prefix (/dev/) is kept.
  function apiUrl(path) {
    const here = window.location.pathname;
    return (here.endsWith("/") ? here : here + "/") + path;
  }

  const segment = (value) => encodeURIComponent(value);
  const today = usagePanel(api);

  async function api(method, path, body) {
    const headers = {};
    const key = sessionStorage.getItem(KEY_ITEM);
    if (key) headers["x-api-key"] = key;
    const init = { method, headers, credentials: "omit", cache: "no-store" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = typeof body === "string" ? body : JSON.stringify(body);
    }
    pending(+1);
    let reply;
    let text;
    try {
      reply = await fetch(apiUrl(path), init);
      text = await reply.text();
    } catch (err) {
      throw new ApiError(0, "NetworkError", "the server could not be reached");
    } finally {
      pending(-1);
    }
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (err) {
      data = null;
    }
    if (!reply.ok) throw errorOf(reply, data, text);
    return data;
  }

  // Calls in flight, on the body as data-pending, so that an observer can tell when the panels settled.
  function pending(change) {
    state.pending += change;
    document.body.dataset.pending = String(state.pending);
  }

  function errorOf(reply, data, text) {
    const nested = data && typeof data.error === "object" && data.error ? data.error : {};
    const code = (data && data.Code) || nested.type || reply.statusText || "Error";
    const message = (data && (data.Message || data.message)) || nested.message || text.slice(0, 300) || "request failed";
    return new ApiError(reply.status, String(code), String(message));
  }

  function showError(err, doing) {
    const box = $("error");
    const status = err instanceof ApiError && err.status ? ` (HTTP ${err.status})` : "";
    const code = err instanceof ApiError ? err.code : "Error";
    const denied = err instanceof ApiError && (err.status === 401 || err.status === 403);
    const hint = denied ? " Type an API key above and press Connect." : "";
    box.textContent = `${doing} failed${status}: ${code}: ${err.message}${hint}`;
    box.hidden = false;
  }

  function clearError() {
    $("error").hidden = true;
    $("error").textContent = "";
  }

  // -- who: key, personality, user, session -------------------------------------------------------

  const userId = () => $("user-id").value.trim();
  const sessionId = () => $("session-id").value.trim();
  const personality = () => $("personality").value;

  function newSessionId() {
    const bytes = new Uint8Array(6);
    crypto.getRandomValues(bytes);
    return "pg-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function connect(event) {
    event.preventDefault();
    const key = $("api-key").value.trim();
    if (key) sessionStorage.setItem(KEY_ITEM, key);
    else sessionStorage.removeItem(KEY_ITEM);
    clearError();
    await loadPersonalities(personality());
  }

  function forgetKey() {
    sessionStorage.removeItem(KEY_ITEM);
    $("api-key").value = "";
    $("action-status").textContent = "Key forgotten.";
  }

  async function loadPersonalities(keep) {
    let listed;
    try {
      listed = await api("GET", "personalities");
    } catch (err) {
      showError(err, "Listing personalities");
      await today.refresh(userId()); // so that the panel says why it is empty
      return;
    }
    const select = $("personality");
    clear(select);
    for (const p of listed.personalities || []) {
      const option = el("option", null, p.built_in ? p.name : `${p.name} (yours)`);
      option.value = p.name;
      select.appendChild(option);
    }
    const names = Array.from(select.options, (o) => o.value);
    select.value = names.includes(keep) ? keep : names.includes("Assistant") ? "Assistant" : names[0] || "";
    const chosen = (listed.personalities || []).find((p) => p.name === select.value);
    $("personality-description").textContent = chosen ? chosen.description : "";
    $("action-status").textContent = `Connected: ${names.length} personalities.`;
    await choosePersonality();
  }

  async function choosePersonality() {
    state.levels = DEFAULT_LEVELS;
    try {
      const definition = await api("GET", `personalities/${segment(personality())}`);
      state.levels = levelsOf(definition);
      const persona = definition.persona || {};
      $("personality-description").textContent = persona.description || "";
    } catch (err) {
      showError(err, "Reading the personality");
    }
    await refreshPanels();
  }

  function levelsOf(definition) {
    const config = definition.hierarchical_config || {};
    const own = Array.isArray(config.relationship_levels) ? config.relationship_levels : [];
    if (!config.enabled || own.length === 0) return DEFAULT_LEVELS;
    return own
      .map((lv) => ({ name: String(lv.name), low: Number(lv.affinity_range[0]), high: Number(lv.affinity_range[1]) }))
      .sort((a, b) => a.low - b.low);
  }

  // -- chat ----------------------------------------------------------------------------------------

  function addBubble(role, text) {
    const item = el("li", role);
    item.appendChild(el("span", "bubble", text));
    $("chat-log").appendChild(item);
    $("chat-log").scrollTop = $("chat-log").scrollHeight;
    return item;
  }

  function setBusy(busy) {
    state.busy = busy;
    $("send").disabled = busy;
    $("message").readOnly = busy;
    $("chat-log").setAttribute("aria-busy", String(busy));
    $("wait-text").textContent = `${personality()} is thinking…`;
    $("wait").hidden = !busy;
  }

  async function send(event) {
    event.preventDefault();
    const text = $("message").value;
    if (state.busy || !text.trim()) return;
    clearError();
    addBubble("user", text);
    setBusy(true);
    try {
      const reply = await api("POST", "message", {
        user_id: userId(), session_id: sessionId(), message: text, personality_name: personality(),
      });
      $("message").value = "";
      addBubble("assistant", reply.response);
      showAffinity(reply.affinity_level, reply.affinity_points);
      showMood(reply.mood, null);
      showUsage(reply.usage);
    } catch (err) {
      addBubble("failed", `Not answered: ${err.message}`);
      showError(err, "Sending the message");
      today.refresh(userId()); // a refused turn shows which limit is spent
      return;
    } finally {
      setBusy(false);
    }
    await refreshPanels();
  }

  function sendOnEnter(event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("chat-form").requestSubmit();
    }
  }

  // -- panels --------------------------------------------------------------------------------------

  async function refreshPanels() {
    const reads = [today.refresh(userId())];
    if (userId()) reads.push(refreshRelationship(), refreshFacts(), refreshEpisodes());
    await Promise.all(reads);
  }

  async function refreshRelationship() {
    try {
      const rel = await api("GET", `users/${segment(userId())}/relationships/${segment(personality())}`);
      showAffinity(rel.affinity_level, rel.affinity_points);
      showMood(rel.mood, rel.mood_intensity);
      $("interactions").textContent =
        `${rel.total_interactions} ${rel.total_interactions === 1 ? "turn" : "turns"}: ` +
        `${rel.positive_interactions} positive, ${rel.negative_interactions} negative`;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        showAffinity(null, null);
        showMood(null, null);
        $("interactions").textContent = "";
        return;
      }
      showError(err, "Reading the relationship");
    }
  }

  function showAffinity(level, points) {
    state.level = level;
    state.points = points;
    const known = typeof points === "number";
    $("affinity-level").textContent = known ? level : "—";
    $("affinity-points").textContent = known ? `${points} / 100 points` : "no turns yet";
    $("affinity-fill").style.width = `${known ? Math.max(0, Math.min(100, points)) : 0}%`;
    $("affinity-bar").setAttribute("aria-valuenow", String(known ? points : 0));
    drawLevels();
  }

  function drawLevels() {
    const list = $("affinity-levels");
    clear(list);
    state.levels.forEach((lv, index) => {
      const next = state.levels[index + 1];
      const item = el("li", lv.name === state.level ? "current" : "");
      item.dataset.level = lv.name;
      item.appendChild(el("span", "name", lv.name.replace(/_/g, " ")));
      item.appendChild(el("span", "range", `${lv.low}–${lv.high}`));
      item.style.left = `${lv.low}%`;
      item.style.width = `${(next ? next.low : 101) - lv.low}%`;
      item.title = `${lv.name}: ${lv.low}–${lv.high} points`;
      list.appendChild(item);
    });
  }

  function showMood(mood, intensity) {
    $("mood").textContent = mood || "—";
    $("mood-intensity").textContent = typeof intensity === "number" ? `intensity ${intensity.toFixed(2)}` : "";
  }

  function showUsage(usage) {
    const u = usage || {};
    const hit = Number(u.prompt_cache_hit_tokens || 0);
    const miss = Number(u.prompt_cache_miss_tokens || 0);
    $("usage-prompt").textContent = String(u.prompt_tokens ?? "—");
    $("usage-completion").textContent = String(u.completion_tokens ?? "—");
    $("usage-hit").textContent = String(hit);
    $("usage-miss").textContent = String(miss);
    let share = "— (no cache report)";
    if (hit + miss > 0) share = `${Math.round((100 * hit) / (hit + miss))} %`;
    else if (!u.prompt_tokens) share = "— (no tokens reported)";
    $("usage-share").textContent = share;
  }

  async function refreshFacts() {
    let facts;
    try {
      facts = (await api("GET", `users/${segment(userId())}/facts`)).facts || [];
    } catch (err) {
      showError(err, "Reading the facts");
      return;
    }
    const list = $("facts");
    clear(list);
    $("facts-empty").hidden = facts.length > 0;
    for (const fact of facts) list.appendChild(factItem(fact));
  }

  function factItem(fact) {
    const item = el("li");
    item.dataset.fact = `${fact.category}/${fact.key}`;
    const head = el("div", "fact-head");
    head.appendChild(el("span", "fact-name", `${fact.category} · ${fact.key}`));
    const forget = el("button", "quiet forget", "Forget");
    forget.type = "button";
    forget.addEventListener("click", () => forgetFact(fact));
    head.appendChild(forget);
    item.appendChild(head);
    item.appendChild(el("span", "fact-value", fact.value));
    item.appendChild(el("span", "meta", `confidence ${Number(fact.confidence).toFixed(2)} · since ${when(fact.first_seen)}`));
    const history = Array.isArray(fact.history) ? fact.history : [];
    if (history.length) {
      const details = el("details");
      details.appendChild(el("summary", null, `earlier values (${history.length})`));
      const earlier = el("ul", "history");
      for (const old of history) {
        earlier.appendChild(el("li", null, `${old.value} (until ${when(old.superseded_at)})`));
      }
      details.appendChild(earlier);
      item.appendChild(details);
    }
    return item;
  }

  async function forgetFact(fact) {
    clearError();
    try {
      await api("DELETE", `users/${segment(userId())}/facts/${segment(fact.category)}/${segment(fact.key)}`);
      $("action-status").textContent = `Forgot ${fact.category}/${fact.key}.`;
    } catch (err) {
      showError(err, "Forgetting the fact");
    }
    await refreshFacts();
  }

  async function refreshEpisodes() {
    let episodes;
    try {
      const query = `?personality_name=${segment(personality())}`;
      episodes = (await api("GET", `users/${segment(userId())}/episodes${query}`)).episodes || [];
    } catch (err) {
      showError(err, "Reading the episodes");
      return;
    }
    const list = $("episodes");
    clear(list);
    $("episodes-empty").hidden = episodes.length > 0;
    for (const ep of episodes) {
      const item = el("li");
      item.appendChild(el("span", "episode-summary", ep.summary));
      item.appendChild(el("span", "meta",
        `${ep.type} · importance ${ep.importance} · ${ep.sentiment} · ${when(ep.occurred_at)}`));
      list.appendChild(item);
    }
  }

  // -- export and erase ----------------------------------------------------------------------------

  async function exportUser() {
    clearError();
    const user = userId();
    try {
      const data = await api("GET", `users/${segment(user)}/export`);
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
      const link = el("a");
      link.href = URL.createObjectURL(blob);
      link.download = `luminora-${user}.json`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
      $("action-status").textContent = `Exported ${data.messages.length} messages and ${data.facts.length} facts.`;
    } catch (err) {
      showError(err, "Exporting the user");
    }
  }

  function askErase() {
    $("erase-question").textContent = `Erase everything stored about ${userId()}?`;
    $("erase-confirm").hidden = false;
    $("erase").hidden = true;
  }

  function closeErase() {
    $("erase-confirm").hidden = true;
    $("erase").hidden = false;
  }

  async function eraseUser() {
    closeErase();
    clearError();
    try {
      const result = await api("DELETE", `users/${segment(userId())}`);
      $("action-status").textContent = `Erased ${result.total} items.`;
      clear($("chat-log"));
      $("session-id").value = newSessionId();
      showUsage(null);
    } catch (err) {
      showError(err, "Erasing the user");
    }
    await refreshPanels();
  }

  // -- bring your own personality ------------------------------------------------------------------

  async function savePersonality(event) {
    event.preventDefault();
    clearError();
    const raw = $("persona-json").value;
    const status = $("persona-status");
    status.className = "";
    let parsed;
    try {
      parsed = JSON.parse(raw);
    } catch (err) {
      drawOutline(undefined);
      status.className = "bad";
      status.textContent = `body: is not valid JSON (${err.message})`;
      return;
    }
    drawOutline(parsed);
    const named = parsed && typeof parsed === "object" && parsed.persona && parsed.persona.name;
    const name = typeof named === "string" && named.trim() ? named.trim() : "unnamed";
    status.textContent = "Checking…";
    try {
      const saved = await api("PUT", `personalities/${segment(name)}`, raw);
      drawOutline(undefined);
      status.className = "ok";
      status.textContent = `Stored ${saved.name}; it is selected above.`;
      await loadPersonalities(saved.name);
    } catch (err) {
      status.className = "bad";
      if (err instanceof ApiError && err.status === 400) {
        markField(err.message);
        status.textContent = "The API refused it: see the field marked below.";
      } else {
        status.textContent = `${err.code}: ${err.message}`;
      }
    }
  }

  // The pasted JSON as a tree of its fields, each row tagged with its dotted path.
  function drawOutline(value) {
    const box = $("persona-fields");
    clear(box);
    if (value && typeof value === "object") box.appendChild(outline(value, ""));
  }

  function outline(value, prefix) {
    const list = el("ul");
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    for (const [key, child] of entries) {
      const path = prefix ? `${prefix}.${key}` : key;
      const item = el("li");
      item.dataset.path = path;
      item.appendChild(el("span", "key", key));
      if (child && typeof child === "object") {
        item.appendChild(el("span", "value", Array.isArray(child) ? ` [${child.length}]` : ""));
        item.appendChild(outline(child, path));
      } else {
        item.appendChild(el("span", "value", `: ${JSON.stringify(child)}`.slice(0, 120)));
      }
      list.appendChild(item);
    }
    return list;
  }

  // An InvalidInputError reads "<field path>: <problem>"; the note goes beside that field, or the
  // nearest field above it when the named one is missing from the paste.
  function markField(message) {
    const cut = message.indexOf(": ");
    const field = cut > 0 ? message.slice(0, cut) : "";
    const rows = Array.from(document.querySelectorAll("#persona-fields li"));
    let path = field;
    let row = null;
    while (path && !row) {
      row = rows.find((r) => r.dataset.path === path) || null;
      if (!row) path = path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : "";
    }
    const note = el("span", "field-error", row && path === field ? message.slice(cut + 2) : message);
    note.dataset.field = field;
    if (row) {
      row.classList.add("invalid");
      const after = row.querySelector(":scope > .value");
      row.insertBefore(note, after ? after.nextSibling : null);
      row.scrollIntoView({ block: "center" });
    } else {
      $("persona-fields").prepend(note);
    }
  }

  // -- start ---------------------------------------------------------------------------------------

  function start() {
    $("api-key").value = sessionStorage.getItem(KEY_ITEM) || "";
    $("session-id").value = newSessionId();
    $("key-form").addEventListener("submit", connect);
    $("key-forget").addEventListener("click", forgetKey);
    $("personality").addEventListener("change", () => { clearError(); choosePersonality(); });
    $("user-id").addEventListener("change", () => { clearError(); refreshPanels(); });
    $("new-session").addEventListener("click", () => {
      $("session-id").value = newSessionId();
      clear($("chat-log"));
    });
    $("chat-form").addEventListener("submit", send);
    $("message").addEventListener("keydown", sendOnEnter);
    $("export").addEventListener("click", exportUser);
    $("erase").addEventListener("click", askErase);
    $("erase-no").addEventListener("click", closeErase);
    $("erase-yes").addEventListener("click", eraseUser);
    $("persona-form").addEventListener("submit", savePersonality);
    showAffinity(null, null);
    showUsage(null);
    loadPersonalities("Assistant");
    document.body.dataset.ready = "true";
  }

  start();
})();
