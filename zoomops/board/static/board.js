// zoomops run-of-show board: renders the runner's board state from Server-Sent Events and ticks the
// countdown locally between them (at the run's speed). No dependencies, works offline.
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var token = params.get("token") || params.get("view") || "";
  var canControl = document.body.getAttribute("data-access") === "control";
  var view = document.body.getAttribute("data-view") || "board";
  var state = null;
  var receivedAt = 0;
  // The page's language (server-rendered from the gettext catalogs: board/strings.py)
  var strings = JSON.parse((document.getElementById("strings") || {}).textContent || "{}");
  var words = strings.words || {}, messages = strings.messages || {}, languages = strings.languages || {};

  function fill(template, fields) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return fields && name in fields ? fields[name] : all; });
  }
  // T: one of the script's own words, in the page's language, its {fields} filled
  function T(word, fields) { return fill(words[word] || word, fields || {}); }
  // L: a cue message ({template, fields}, fields may be messages too) in the page's language; else as sent
  function L(textObj, fallback) {
    if (!textObj || !textObj.template) { return fallback == null ? "" : fallback; }
    var fields = {};
    Object.keys(textObj.fields || {}).forEach(function (k) {
      var v = textObj.fields[k];
      fields[k] = v && typeof v === "object" && v.template ? L(v, "") : v;
    });
    return fill(messages[textObj.template] || textObj.template, fields);
  }
  function langName(code) { return code ? (languages[code] || code) : T("language not given"); }
  function delayText(seconds) {
    var minutes = Math.round(seconds / 6) / 10;
    if (minutes === 0) { return T("on time"); }
    return minutes > 0 ? T("+{minutes} min behind", { minutes: minutes }) : T("{minutes} min ahead", { minutes: -minutes });
  }

  function $(id) { return document.getElementById(id); }
  function text(id, value) { var el = $(id); if (el) { el.textContent = value == null ? "" : String(value); } }

  function fmt(seconds) {
    var neg = seconds < 0;
    var s = Math.floor(Math.abs(seconds) + (neg ? 0 : 0.999));  // show 00:00 only when time is up
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    var body = (h ? h + ":" + String(m).padStart(2, "0") : String(m).padStart(2, "0")) + ":" + String(r).padStart(2, "0");
    return (neg ? "+" : "") + body;
  }

  function phaseOf(seconds, cd) {
    if (seconds == null) { return cd.phase || "idle"; }
    if (seconds < 0) { return "overtime"; }
    if (cd.danger_seconds != null && seconds <= cd.danger_seconds) { return "danger"; }
    if (cd.warning_seconds != null && seconds <= cd.warning_seconds) { return "warning"; }
    return "normal";
  }

  function elapsedEventSeconds() {
    // once the run has ended its clock stands still (a rehearsal's clock would race on at its speed)
    return state && !state.finished ? ((performance.now() - receivedAt) / 1000) * (state.speed || 1) : 0;
  }

  // whole minutes from the event's now (as last received, moved on locally) to `iso`
  function minutesUntil(iso) {
    var now = Date.parse(state.now) + elapsedEventSeconds() * 1000;
    return Math.max(0, Math.round((Date.parse(iso) - now) / 60000));
  }

  function tick() {
    if (!state) { return; }
    var cd = state.countdown || {};
    var secs = cd.seconds == null || state.finished ? null : cd.seconds - elapsedEventSeconds();
    var phase = secs == null ? (cd.phase || "ended") : phaseOf(secs, cd);
    document.body.setAttribute("data-phase", phase);
    var wrap = $("wrapup");
    if (wrap) { wrap.hidden = !(cd.mode === "item" && (phase === "warning" || phase === "danger")) || !!state.finished; }
    text("countdown", secs == null ? "--:--" : fmt(secs));
    var now = new Date(Date.parse(state.now) + elapsedEventSeconds() * 1000);
    text("clock", clockText(now));
  }

  function clockText(instant) {
    try {
      return instant.toLocaleTimeString("en-GB", { timeZone: state.timezone, hour12: false });
    } catch (e) {
      return state.clock;
    }
  }

  function li(parent, html) {
    var el = document.createElement("li");
    parent.appendChild(el);
    html(el);
    return el;
  }

  function span(parent, cls, value) {
    var el = document.createElement("span");
    if (cls) { el.className = cls; }
    el.textContent = value;
    parent.appendChild(el);
    return el;
  }

  function cueList(id, rows, empty) {
    var list = $(id);
    list.textContent = "";
    if (!rows || !rows.length) { li(list, function (el) { el.textContent = empty; }); return; }
    rows.forEach(function (row) {
      li(list, function (el) {
        span(el, "t", row.local);
        span(el, "badge " + row.status, row.status);
        if (row.outcome && row.outcome.status) { span(el, "badge " + row.outcome.status, row.action + ": " + row.outcome.status); }
        span(el, "msg", L(row.text, row.message) + (row.late_seconds >= 1 ? " (" + T("{seconds} s late", { seconds: row.late_seconds }) + ")" : ""));
        if (row.outcome && row.outcome.detail) { span(el, "who", " — " + row.outcome.detail); }
        el.setAttribute("data-cue", row.cue);
      });
    });
  }

  // who speaks now and next on the floor, in which language, which way to interpret (EN→KO / KO→EN)
  function floorLines(el, floor) {
    [["now", "Speaking now: {name}"], ["next", "Speaking next at {time}: {name}"]].forEach(function (pair) {
      var f = floor[pair[0]];
      if (!f) { return; }
      var line = document.createElement("div");
      line.className = "floor floor-" + pair[0];
      var name = f.name_local && strings.lang === "ko" ? f.name_local + " (" + f.speaker + ")" : f.speaker;
      span(line, "who", T(pair[1], { name: name, time: f.local }) + " · ");
      span(line, "lang", langName(f.language));
      if (f.direction) { span(line, "direction", f.direction); }
      line.setAttribute("data-direction", f.direction || "");
      el.appendChild(line);
    });
  }

  var VIEW_NAMES = { control: "Tech host", board: "Board", stage: "Stage timer", interpreter: "Interpreters", moderator: "Moderators" };
  function viewName() { return VIEW_NAMES[view] ? T(VIEW_NAMES[view]) : ""; }

  function withPlanned(local, planned) {
    return planned && planned !== local ? T("{time} (planned {planned})", { time: local, planned: planned }) : local;
  }

  function minutesText(seconds) {
    var m = Math.round(seconds / 60);
    return m <= 0 ? T("now") : T("in {minutes} min", { minutes: m });
  }

  function renderNow(s) {
    var cd = s.countdown;
    if (cd.mode === "ended" || s.finished) {
      text("block", T("Programme over"));
      text("item", ""); text("speaker", ""); text("share", ""); text("ends", s.finished ? T("Run ended") : "");
    } else if (cd.mode === "pre") {
      text("block", T("Starting soon"));
      text("item", ""); text("speaker", ""); text("share", "");
      text("ends", T("Starts {time}", { time: withPlanned(cd.ends_local, cd.planned_local) }));
    } else {
      text("block", s.block ? s.block.label : "");
      text("item", s.item ? s.item.label : "");
      var who = s.item ? (s.item.speaker || s.item.speakers.join(", ")) : (s.block && s.block.moderator ? T("Moderator {name}", { name: s.block.moderator }) : "");
      text("speaker", who);
      text("share", cd.share ? T("Speaker {n} of {of}: {name}'s time", { n: cd.share.n, of: cd.share.of, name: cd.share.speaker })
        + (cd.share.next ? " · " + T("then {name}", { name: cd.share.next }) : "") : "");
      text("ends", T(cd.mode === "break" ? "Back at {time}" : cd.share ? "Share ends {time}" : "Ends {time}", { time: withPlanned(cd.ends_local, cd.planned_local) }));
    }
  }

  function renderNext(s) {
    var nx = s.next;
    if (nx) {
      text("next-at", withPlanned(nx.local, nx.planned_local));
      text("next", (nx.block ? nx.block + " — " : "") + nx.label);
      text("next-who", nx.who && nx.who.length ? nx.who.join(", ") : "");
    } else {
      text("next-at", ""); text("next", T("Nothing left")); text("next-who", "");
    }
    var se = s.session;
    text("session", se ? se.label : T("No session on"));
    text("session-left", se ? T("Ends {time}", { time: withPlanned(se.ends_local, se.planned_local) }) + " (" + minutesText(se.seconds) + ")" : "");
  }

  function renderInterpretation(s) {
    var sp = s.speaking;
    text("speaking", sp ? (sp.speaker ? sp.speaker + " — " : "") + sp.title + (sp.language ? " · " + T("speaks {language}", { language: sp.language.toUpperCase() }) : "") : "");
    var interp = $("interp");
    interp.textContent = "";
    if (!s.interpretation.length) { li(interp, function (el) { el.textContent = T("No interpretation"); }); }
    s.interpretation.forEach(function (p) {
      var floor = (s.floor || []).filter(function (f) { return f.key === p.key; })[0];
      li(interp, function (el) {
        span(el, "label", p.pair + " ");
        el.appendChild(document.createElement("br"));
        span(el, "on", p.on ? T("{name} on", { name: p.on.name }) : T("Nobody on"));
        if (p.on) { span(el, "who", " " + T("until {time}", { time: withPlanned(p.on.until, p.on.until_planned) })); }
        if (p.next) {
          el.appendChild(document.createElement("br"));
          var fields = { name: p.next.name, time: withPlanned(p.next.local, p.next.planned_local), minutes: minutesUntil(p.next.at) };
          span(el, p.next.handover ? "handover" : "who",
            T(p.next.handover ? "Handover to {name} at {time} (in {minutes} min)" : "Next: {name} at {time} (in {minutes} min)", fields));
        }
        if (floor) { floorLines(el, floor); }
      });
    });
    var up = $("upcoming");
    up.textContent = "";
    if (!s.upcoming || !s.upcoming.length) { li(up, function (el) { el.textContent = T("Nothing in the next 30 minutes"); }); return; }
    s.upcoming.forEach(function (row) {
      li(up, function (el) {
        span(el, "t", withPlanned(row.local, row.planned_local));
        span(el, "msg", (row.block ? row.block + " — " : "") + row.label + (row.who && row.who.length ? " · " + row.who.join(", ") : ""));
        el.setAttribute("data-cue", row.cue);
      });
    });
  }

  function renderEnded(s) {
    var ended = !!s.finished;
    document.body.setAttribute("data-ended", ended ? "1" : "0");
    $("ended").hidden = !ended;
    if (!ended) { return; }
    var r = s.report || {};
    text("ended-summary", (r.fired != null ? T("{fired} of {cues} cues fired, {missed} missed, {skipped} skipped.", { fired: r.fired, cues: r.cues, missed: r.missed, skipped: r.skipped }) : ""));
    $("report-link").setAttribute("href", "board/report?" + (canControl ? "token=" : "view=") + encodeURIComponent(token));
    $("conn").setAttribute("data-state", "ended");
    text("conn", T("ended"));
    Array.prototype.forEach.call(document.querySelectorAll("#controls button"), function (b) { b.disabled = true; });
  }

  function render(s) {
    state = s;
    receivedAt = performance.now();
    text("event", s.title);
    text("view-name", viewName());
    document.title = (s.block ? s.block.label + " · " : "") + "zoomops " + (viewName() || "board").toLowerCase();
    var delay = $("delay");
    delay.textContent = delayText(s.delay.seconds);
    delay.setAttribute("data-sign", s.delay.seconds > 0 ? "1" : s.delay.seconds < 0 ? "-1" : "0");
    renderNow(s);
    renderNext(s);
    renderInterpretation(s);
    cueList("latest", s.latest, T("No cue yet"));
    cueList("actions", s.actions, T("No Zoom action yet"));
    if (canControl && !s.finished) {
      var skip = $("btn-skip");
      skip.disabled = !s.next_cue;
      text("skip-target", s.next_cue ? T("Next cue {time} · {cue}: {message}", { time: s.next_cue.local, cue: s.next_cue.id, message: s.next_cue.message }) : T("No cue left"));
    }
    renderEnded(s);
    tick();
  }

  function connect() {
    var source = new EventSource("board/events?token=" + encodeURIComponent(token));
    var full = null;
    var seq = 0;
    function live() { $("conn").setAttribute("data-state", "live"); text("conn", T("live")); }
    source.addEventListener("state", function (ev) {
      var msg = JSON.parse(ev.data);
      full = msg.state; seq = msg.seq;
      live();
      render(full);
    });
    source.addEventListener("patch", function (ev) {
      var msg = JSON.parse(ev.data);
      if (!full || msg.seq !== seq + 1) { source.close(); connect(); return; }  // a gap: start again from a full state
      seq = msg.seq;
      Object.keys(msg.changed).forEach(function (key) { full[key] = msg.changed[key]; });
      render(full);
      if (full.finished) { source.close(); }  // the run is over: nothing more will come, no reconnecting
    });
    source.addEventListener("tick", function (ev) {
      if (!full || full.finished) { return; }
      var msg = JSON.parse(ev.data);
      var moved = (Date.parse(msg.now) - Date.parse(full.now)) / 1000;
      if (full.countdown && full.countdown.seconds != null) { full.countdown.seconds -= moved; }
      if (full.session) { full.session.seconds -= moved; }
      full.now = msg.now; full.clock = msg.clock;
      live();
      render(full);
    });
    source.onerror = function () {
      if (full && full.finished) { source.close(); renderEnded(full); return; }
      $("conn").setAttribute("data-state", "lost");
      text("conn", T("reconnecting…"));
    };
  }

  function call(path, body) {
    var result = $("result");
    return fetch(path, {
      method: "POST",
      headers: { "Authorization": "Bearer " + token, "Content-Type": "application/json" },
      body: JSON.stringify(body || {}),
      cache: "no-store"
    }).then(function (resp) {
      return resp.json().then(function (data) {
        result.setAttribute("data-ok", resp.ok ? "1" : "0");
        if (!resp.ok) { result.textContent = T("Refused ({status}): {error}", { status: resp.status, error: data.error || "" }); return; }
        // in words: what was done; the panels show the times it moved (the cue ids are in the cue lines)
        if (path === "api/delay") { result.textContent = T("Delayed {minutes} min", { minutes: (body.minutes > 0 ? "+" : "") + body.minutes }); }
        else if (path === "api/next") { result.textContent = T("Started {label} now", { label: data.label || data.cue }); }
        else { result.textContent = T("Skipped: {message}", { message: data.message || data.cue }); }
      });
    }).catch(function (err) {
      result.setAttribute("data-ok", "0");
      result.textContent = T("No answer from the runner: {error}", { error: String(err) });
    });
  }

  function guarded(button, action, target) {
    // next and skip change the run: the first press arms the button for 4 s, the second one acts
    // (on what was shown when it was armed: `target` is read then)
    var label = button.textContent;
    var timer = null;
    var armedWith = null;
    button.addEventListener("click", function () {
      if (button.getAttribute("data-armed") !== "1") {
        armedWith = target ? target() : null;
        button.setAttribute("data-armed", "1");
        button.textContent = button.getAttribute("data-confirm") + (armedWith ? " " + armedWith : "");
        timer = window.setTimeout(function () { button.removeAttribute("data-armed"); button.textContent = label; }, 4000);
        return;
      }
      window.clearTimeout(timer);
      button.removeAttribute("data-armed");
      button.textContent = label;
      button.disabled = true;
      action(armedWith).then(function () { button.disabled = false; });
    });
  }

  function wireControls() {
    if (!canControl || !$("controls")) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-delay]"), function (button) {
      button.addEventListener("click", function () {
        button.disabled = true;
        call("api/delay", { minutes: Number(button.getAttribute("data-delay")) }).then(function () { button.disabled = false; });
      });
    });
    guarded($("btn-next"), function () { return call("api/next"); });
    guarded($("btn-skip"), function (cue) { return call("api/skip", { cue: cue || "" }); },
      function () { return state && state.next_cue ? state.next_cue.id : ""; });
  }

  wireControls();
  connect();
  window.setInterval(tick, 200);
}());
