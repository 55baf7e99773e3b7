/* Narrowing to "Meets today" and "Open now" (lists and search), on when.js's reading of each
   entry's meetings. "Meets today": a meeting later today or on now, on the visitor's calendar;
   "Open now": on now, or a 24/7 line. The choice lives in the address (?when=today|now).
   Loaded only by list and search pages, after when.js. */
(function (global, core) {
  "use strict";

  if (!core) {
    return;
  }

  /* Whether an entry passes "today" (meets later today or is on now) or "now" (on now). */
  function passes(rule, wanted, now, here) {
    if (!wanted) {
      return true;
    }
    var found = core.status(rule, now, here);
    if (!found) {
      return false;
    }
    if (wanted === "now") {
      return found.key === "open" || found.key === "now";
    }
    return found.key === "open" || found.key === "now" || found.key === "today";
  }

  /* Pagefind filter values for the hours still to come today ("today") or this hour ("now"):
     hours of the week in UTC, "h0" for Monday 00:00-01:00 UTC; "a" is every 24/7 line. The
     index holds, for each entry, the hours its meetings can touch (generator/planning/when.py);
     the exact answer is checked on the results after. */
  function hours(wanted, now, here) {
    var first = Math.floor(now / 3600000);
    var last = first;
    if (wanted === "today") {
      var f = core.fields(here, now);
      var midnight = core.instant(here, f.year, f.month - 1, f.day + 1, 0);
      last = Math.floor((midnight - 1) / 3600000);
    }
    var values = ["a"];
    for (var hour = first; hour <= last; hour++) {
      var date = new Date(hour * 3600000);
      values.push("h" + (((date.getUTCDay() + 6) % 7) * 24 + date.getUTCHours()));
    }
    return values;
  }

  var api = { passes: passes, hours: hours };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
    return;
  }
  var doc = global.document;
  var here = core.here;
  var lang = core.lang;
  var labels = core.labels;
  var status = core.status;
  var describe = core.describe;

  /* The "Meets today" / "Open now" buttons: one pressed at most; `changed(value)` is told
     ("today", "now" or ""). */
  function control(element, value, changed) {
    if (!element) {
      return;
    }
    var buttons = element.querySelectorAll("button[data-when-pick]");
    function show(current) {
      Array.prototype.forEach.call(buttons, function (button) {
        button.setAttribute("aria-pressed", button.getAttribute("data-when-pick") === current ? "true" : "false");
      });
    }
    show(value);
    Array.prototype.forEach.call(buttons, function (button) {
      button.disabled = false;
      button.addEventListener("click", function () {
        var pick = button.getAttribute("aria-pressed") === "true" ? "" : button.getAttribute("data-when-pick");
        show(pick);
        changed(pick);
      });
    });
  }

  /* Search: the Pagefind options narrowed to the hours that can match. */
  function narrow(options, wanted) {
    if (!wanted) {
      return options;
    }
    var filters = Object.assign({}, options.filters || {});
    filters.when = { any: hours(wanted, Date.now(), here) };
    return Object.assign({}, options, { filters: filters });
  }

  /* Search: the results that really match (the hours are a superset: a monthly meeting, a
     meeting that ended earlier this hour), each with its sentence for the card. Results past
     `limit` keep the hours' answer rather than load thousands of result data. */
  function check(response, wanted, limit) {
    var results = (response && response.results) || [];
    var now = Date.now();
    function said(data) {
      var meta = data.meta || {};
      if (!meta.when) {
        return data;
      }
      var text = describe(status(meta.when, now, here), labels, lang, here);
      return Object.assign({}, data, { meta: Object.assign({}, meta, { when_text: text }) });
    }
    function wrap(result, loaded) {
      var promise = loaded ? Promise.resolve(loaded) : null;
      return Object.assign({}, result, {
        data: function () {
          promise = promise || result.data().then(said);
          return promise;
        }
      });
    }
    if (!wanted || results.length > (limit || 500)) {
      return Promise.resolve(Object.assign({}, response, { results: results.map(function (r) { return wrap(r); }) }));
    }
    return Promise.all(results.map(function (result) { return result.data(); })).then(function (all) {
      var kept = [];
      results.forEach(function (result, index) {
        var meta = all[index].meta || {};
        if (passes(meta.when || "", wanted, now, here)) {
          kept.push(wrap(result, said(all[index])));
        }
      });
      return Object.assign({}, response, { results: kept });
    });
  }

  /* A list page: hide the cards that don't match, and say how many are left. */
  function narrowList(element) {
    var cards = doc.querySelectorAll(".cards > li");
    var said = element.querySelector("[data-when-status]");
    var wanted = new URLSearchParams(global.location.search).get("when") || "";
    if (wanted !== "today" && wanted !== "now") {
      wanted = "";
    }
    function apply(value, speak) {
      var now = Date.now();
      var count = 0;
      Array.prototype.forEach.call(cards, function (card) {
        var rule = card.querySelector("[data-when]");
        var ok = passes(rule ? rule.getAttribute("data-when") : "", value, now, here);
        card.hidden = !ok;
        count += ok ? 1 : 0;
      });
      var params = new URLSearchParams(global.location.search);
      if (value) {
        params.set("when", value);
      } else {
        params.delete("when");
      }
      var query = params.toString();
      global.history.replaceState(null, "", global.location.pathname + (query ? "?" + query : "") + global.location.hash);
      var text = value ? labels.shown.replace("{count}", function () { return String(count); })
        .replace("{total}", function () { return String(cards.length); }) : "";
      if (speak || text) {
        said.textContent = text;
      }
    }
    control(element, wanted, function (value) { apply(value, true); });
    if (wanted) {
      apply(wanted, false);
    }
  }

  var listControl = doc.querySelector("[data-when-control][data-when-list]");
  if (listControl) {
    narrowList(listControl);
  }
  api.control = control;
  api.narrow = narrow;
  api.check = check;
  global.PeerWhenNarrow = api;
})(typeof window === "undefined" ? globalThis : window,
  typeof module === "object" && module.exports ? require("./when.js") : window.PeerWhen);
