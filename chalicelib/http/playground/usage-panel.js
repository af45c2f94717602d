// The playground's "Usage today" panel: the tenant's UTC day and what is left of its limits, from GET /usage.
// Every value reaches the page through textContent, never as HTML.

const $ = (id) => document.getElementById(id);
const number = (value) => Number(value).toLocaleString("en");

// `api(method, path)` is the page's caller: it sends the key and throws an error with status, code and message.
export function usagePanel(api) {
  let latest = 0; // the newest read; an older answer arriving after it is dropped

  async function refresh(userId) {
    const ticket = ++latest;
    $("today-panel").setAttribute("aria-busy", "true");
    let body;
    try {
      body = await api("GET", "usage" + (userId ? `?user_id=${encodeURIComponent(userId)}` : ""));
    } catch (err) {
      if (ticket === latest) showFailure(err);
      return;
    } finally {
      if (ticket === latest) $("today-panel").setAttribute("aria-busy", "false");
    }
    if (ticket === latest) show(body);
  }

  // A failed read hides the figures: an empty panel with the reason, never zeros that were not read.
  function showFailure(err) {
    const status = err.status ? ` (HTTP ${err.status})` : "";
    $("today-figures").hidden = true;
    $("today-day").textContent = "";
    $("today-error").textContent = `Reading the usage failed${status}: ${err.code || "Error"}: ${err.message}`;
    $("today-error").hidden = false;
    $("today-status").textContent = "Usage not available.";
  }

  function show(body) {
    // The server's today is the period's last day; a day without turns has no entry, and is all zeros.
    const day = (body.days || []).find((d) => d.day === body.to) || {};
    const count = (name) => Number(day[name] || 0);
    $("today-day").textContent = `${body.to} (UTC)`;
    $("today-turns").textContent = number(count("turns"));
    $("today-prompt").textContent = number(count("prompt_tokens"));
    const [hit, miss] = [count("prompt_cache_hit_tokens"), count("prompt_cache_miss_tokens")];
    $("today-cache").textContent = `${number(hit)} / ${number(miss)}`;
    $("today-completion").textContent = number(count("completion_tokens"));
    $("today-analyses").textContent = number(count("analyses"));
    $("today-cost").textContent = `$${count("cost_usd").toFixed(6)}`;
    const limits = body.limits || {};
    for (const [id, name] of [["limit-user", "user_turns_per_minute"], ["limit-tenant", "tenant_turns_per_minute"],
      ["limit-tokens", "tenant_tokens_per_day"], ["limit-in-flight", "tenant_turns_in_flight"]]) {
      const limit = limits[name];
      $(id).textContent = left(limit);
      $(id).title = limit && limit.resets_at ? `resets at ${limit.resets_at.slice(11, 16)} UTC` : "";
    }
    $("today-error").hidden = true;
    $("today-figures").hidden = false;
    const at = typeof limits.as_of === "string" ? ` at ${limits.as_of.slice(11, 19)} UTC` : "";
    const turns = count("turns");
    $("today-status").textContent = `Updated${at}: ${turns} ${turns === 1 ? "turn" : "turns"} today.`;
  }

  function left(limit) {
    if (!limit) return "—";
    if (!limit.limit) return "no limit";
    if (limit.remaining === null || limit.remaining === undefined) return `${number(limit.limit)} (no user chosen)`;
    return `${number(limit.remaining)} of ${number(limit.limit)} left`;
  }

  return { refresh };
}
