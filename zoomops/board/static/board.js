// zoomops run-of-show board: renders the runner's board state from Server-Sent Events and ticks the
// countdown locally between them (at the run's speed). No dependencies, works offline.
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var token = params.get("token") || params.get("view") || "";
  var canControl = document.body.getAttribute("data-access") === "control";
  var state = null;
  var receivedAt = 0;

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
    return state ? ((performance.now() - receivedAt) / 1000) * (state.speed || 1) : 0;
  }

  function tick() {
    if (!state) { return; }
    var cd = state.countdown || {};
    var secs = cd.seconds == null || state.finished ? null : cd.seconds - elapsedEventSeconds();
    var phase = secs == null ? (cd.phase || "ended") : phaseOf(secs, cd);
    document.body.setAttribute("data-phase", phase);
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
        span(el, "msg", row.message + (row.late_seconds >= 1 ? " (" + row.late_seconds + " s late)" : ""));
        if (row.outcome && row.outcome.detail) { span(el, "who", " — " + row.outcome.detail); }
        el.setAttribute("data-cue", row.cue);
      });
    });
  }

  function render(s) {
    state = s;
    receivedAt = performance.now();
    text("event", s.title);
    document.title = (s.block ? s.block.label + " · " : "") + "zoomops board";
    var delay = $("delay");
    delay.textContent = s.delay.text;
    delay.setAttribute("data-sign", s.delay.seconds > 0 ? "1" : s.delay.seconds < 0 ? "-1" : "0");
    var cd = s.countdown;
    if (cd.mode === "ended" || s.finished) {
      text("block", "Programme over");
      text("item", ""); text("speaker", ""); text("ends", s.finished ? "Run ended" : "");
    } else if (cd.mode === "pre") {
      text("block", "Starting soon");
      text("item", ""); text("speaker", "");
      text("ends", "Starts " + cd.ends_local);
    } else {
      text("block", s.block ? s.block.label : "");
      text("item", s.item ? s.item.label : "");
      var who = s.item ? (s.item.speaker || s.item.speakers.join(", ")) : (s.block && s.block.moderator ? "Moderator " + s.block.moderator : "");
      text("speaker", who);
      text("ends", (cd.mode === "break" ? "Back at " : "Ends ") + cd.ends_local);
    }
    var nx = s.next;
    if (nx) {
      text("next-at", nx.local + (nx.planned_local !== nx.local ? " (planned " + nx.planned_local + ")" : ""));
      text("next", (nx.block ? nx.block + " — " : "") + nx.label);
      text("next-who", nx.who && nx.who.length ? nx.who.join(", ") : "");
    } else {
      text("next-at", ""); text("next", "Nothing left"); text("next-who", "");
    }
    var interp = $("interp");
    interp.textContent = "";
    if (!s.interpretation.length) { li(interp, function (el) { el.textContent = "No interpretation"; }); }
    s.interpretation.forEach(function (p) {
      li(interp, function (el) {
        span(el, "label", p.pair + " ");
        el.appendChild(document.createElement("br"));
        span(el, "on", p.on ? p.on.name + " on" : "Nobody on");
        if (p.on) { span(el, "who", " until " + p.on.until); }
        if (p.next) {
          el.appendChild(document.createElement("br"));
          span(el, p.next.handover ? "handover" : "who",
            (p.next.handover ? "Handover to " : "Next: ") + p.next.name + " at " + p.next.local +
            " (in " + Math.max(0, Math.round(p.next.in_seconds / 60)) + " min)");
        }
      });
    });
    cueList("latest", s.latest, "No cue yet");
    cueList("actions", s.actions, "No Zoom action yet");
    if (canControl) {
      var skip = $("btn-skip");
      skip.disabled = !s.next_cue;
      text("skip-target", s.next_cue ? "Next cue " + s.next_cue.local + " · " + s.next_cue.id + ": " + s.next_cue.message : "No cue left");
    }
    tick();
  }

  function connect() {
    var source = new EventSource("/board/events?token=" + encodeURIComponent(token));
    var full = null;
    var seq = 0;
    function live() { $("conn").setAttribute("data-state", "live"); text("conn", "live"); }
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
      if (!full) { return; }
      var msg = JSON.parse(ev.data);
      var moved = (Date.parse(msg.now) - Date.parse(full.now)) / 1000;
      if (full.countdown && full.countdown.seconds != null) { full.countdown.seconds -= moved; }
      full.now = msg.now; full.clock = msg.clock;
      live();
      render(full);
    });
    source.onerror = function () {
      if (full && full.finished) { source.close(); return; }
      $("conn").setAttribute("data-state", "lost");
      text("conn", "reconnecting…");
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
        if (!resp.ok) { result.textContent = "Refused (" + resp.status + "): " + (data.error || ""); return; }
        var nxt = data.next_cue ? "; next cue " + data.next_cue.local + " " + data.next_cue.id : "";
        if (path === "/api/delay") { result.textContent = "Delay " + (body.minutes > 0 ? "+" : "") + body.minutes + " min from " + data.position + nxt; }
        else if (path === "/api/next") { result.textContent = "Now: " + data.cue + nxt; }
        else { result.textContent = "Skipped " + data.cue; }
      });
    }).catch(function (err) {
      result.setAttribute("data-ok", "0");
      result.textContent = "No answer from the runner: " + err;
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
        call("/api/delay", { minutes: Number(button.getAttribute("data-delay")) }).then(function () { button.disabled = false; });
      });
    });
    guarded($("btn-next"), function () { return call("/api/next"); });
    guarded($("btn-skip"), function (cue) { return call("/api/skip", { cue: cue || "" }); },
      function () { return state && state.next_cue ? state.next_cue.id : ""; });
  }

  wireControls();
  connect();
  window.setInterval(tick, 200);
}());
