/* Now and next: when an entry next meets, said from the visitor's own clock ("On now (until
   8:00 PM)", "Today at 6:30 PM", "Tomorrow at 10:00 AM", "Next Tuesday at 6:30 PM", or the
   date), and beside an online meeting's time in the group's zone, the same meeting in the
   visitor's ("Your time: Wednesday 1:30 – 3:00 AM"). when-narrow.js narrows lists and search to "Meets today" and "Open now".

   The page carries each entry's meetings as a compact rule (data-when, written by
   generator/planning/when.py):
     "A"                                  open 24 hours a day, 7 days a week
     "Europe/Paris 2@1830-2000 6.1.L@1000-1130 0@2200-2400"
       the group's IANA zone, then one meeting per word: its ISO weekday (1 Monday .. 7 Sunday;
       0 every day), its weeks of the month after dots (1-5, L for the last), its start and end
       ("2400" is the midnight that ends its day).
   Meetings are placed in the group's zone with Intl (never a fixed offset, so a change to or
   from summer time lands on the right instant) and said in the visitor's zone and the page's
   language. Nothing about the visitor leaves the device. The page reads fine without this:
   the schedule is written in full. The pure functions are exported for tests/test_when_logic.py
   (run under node). Entry pages load this file alone: it is kept small (page weight). No inline code: the page's Content-Security-Policy forbids it. */
(function (global) {
  "use strict";

  var DAY = 86400000;

  /* The wall-clock fields of `at` (milliseconds) in `zone`: year, month (1-12), day, hour,
     minute. */
  var formats = {};
  function fields(zone, at) {
    var format = formats[zone];
    if (!format) {
      format = formats[zone] = new Intl.DateTimeFormat("en-US", {
        timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
        hour: "numeric", minute: "numeric"
      });
    }
    var found = {};
    format.formatToParts(new Date(at)).forEach(function (part) {
      found[part.type] = +part.value;
    });
    found.hour = found.hour % 24;
    return found;
  }

  /* How many milliseconds `zone` is ahead of UTC at `at`. */
  function offset(zone, at) {
    var f = fields(zone, at);
    var wall = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute);
    return wall - Math.floor(at / 60000) * 60000;
  }

  /* The instant at which clocks in `zone` show this day (month 0-11; days past the month's end
     roll over) and this many minutes after its midnight. Twice, so that an offset that changes
     between the guess and the answer (a change of summer time that night) is taken from the
     answer's side. */
  function instant(zone, year, month, day, minutes) {
    var wall = Date.UTC(year, month, day, 0, minutes);
    var first = wall - offset(zone, wall);
    return wall - offset(zone, first);
  }

  /* A rule as data: {always: true}, or {zone, meetings: [{day, weeks, start, end}]}; null when
     it can't be read. */
  function parse(rule) {
    rule = (rule || "").trim();
    if (rule === "A") {
      return { always: true };
    }
    var words = rule.split(/\s+/);
    var zone = words.shift();
    var meetings = [];
    for (var i = 0; i < words.length; i++) {
      var match = /^([0-7])((?:\.(?:[1-5]|L))*)@(\d\d)(\d\d)-(\d\d)(\d\d)$/.exec(words[i]);
      if (!match) {
        return null;
      }
      meetings.push({
        day: +match[1],
        weeks: match[2] ? match[2].slice(1).split(".") : [],
        start: +match[3] * 60 + +match[4],
        end: +match[5] * 60 + +match[6]
      });
    }
    if (!zone || !meetings.length) {
      return null;
    }
    return { zone: zone, meetings: meetings };
  }

  /* Whether `meeting` happens on this calendar day (weekday 1-7; days in its month). */
  function meetsOn(meeting, day, weekday, monthDays) {
    if (meeting.day && meeting.day !== weekday) {
      return false;
    }
    if (!meeting.weeks.length) {
      return true;
    }
    var nth = String(Math.floor((day - 1) / 7) + 1);
    var last = day + 7 > monthDays;
    return meeting.weeks.indexOf(nth) >= 0 || (last && meeting.weeks.indexOf("L") >= 0);
  }

  /* The meetings of one calendar day in the group's zone (`shift` days after the day of
     `today`), as [start, end] instants. */
  function occurrences(parsed, today, shift) {
    var date = new Date(Date.UTC(today.year, today.month - 1, today.day + shift));
    var year = date.getUTCFullYear();
    var month = date.getUTCMonth();
    var day = date.getUTCDate();
    var weekday = (date.getUTCDay() + 6) % 7 + 1;
    var monthDays = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    var found = [];
    parsed.meetings.forEach(function (meeting) {
      if (meetsOn(meeting, day, weekday, monthDays)) {
        found.push([
          instant(parsed.zone, year, month, day, meeting.start),
          instant(parsed.zone, year, month, day, meeting.end)
        ]);
      }
    });
    return found.sort(function (a, b) { return a[0] - b[0]; });
  }

  /* The next meeting that has not ended at `now`: {start, end} in milliseconds, one meeting
     running into the next ("22:00-24:00" then "00:00-01:00") counted as one; {always: true} for
     a 24/7 line; null when there is none within a year or the rule can't be used. */
  function next(rule, now) {
    var parsed = typeof rule === "string" ? parse(rule) : rule;
    if (!parsed) {
      return null;
    }
    if (parsed.always) {
      return { always: true };
    }
    var today;
    try {
      today = fields(parsed.zone, now);
    } catch (error) {
      return null; // a zone this browser does not know
    }
    // a monthly "fifth Monday" can be three months away; a year covers every rule there is
    for (var shift = -1; shift <= 400; shift++) {
      var best = null;
      occurrences(parsed, today, shift).forEach(function (span) {
        if (span[1] > now && (!best || span[0] < best[0])) {
          best = span;
        }
      });
      if (best) {
        return { start: best[0], end: extend(parsed, today, shift, best[1]) };
      }
    }
    return null;
  }

  /* The end of a meeting with the meetings that start as it ends, across midnights. */
  function extend(parsed, today, shift, end) {
    for (var more = shift; more <= shift + 8; more++) {
      var longer = end;
      occurrences(parsed, today, more).forEach(function (span) {
        if (span[0] <= longer && span[1] > longer) {
          longer = span[1];
        }
      });
      if (longer === end && more > shift) {
        break;
      }
      end = longer;
    }
    return end;
  }

  /* What the visitor is told: {key, time, date} where key is "open", "now", "today",
     "tomorrow", "week" (within six days) or "later"; null when nothing comes. */
  function status(rule, now, here) {
    var found = next(rule, now);
    if (!found) {
      return null;
    }
    if (found.always) {
      return { key: "open" };
    }
    if (found.start <= now) {
      return { key: "now", start: found.start, end: found.end };
    }
    var a = fields(here, now);
    var b = fields(here, found.start);
    var days = Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY);
    var key = days === 0 ? "today" : days === 1 ? "tomorrow" : days < 7 ? "week" : "later";
    return { key: key, start: found.start, end: found.end };
  }

  /* A clock in the page's language as the page writes it: two-digit hours where the day has
     24 of them ("01:30", "00:00" in French), never "1:30" beside a schedule saying "01:30". */
  function clockOptions(lang, here) {
    var cycle = new Intl.DateTimeFormat(lang, { hour: "numeric", timeZone: here }).resolvedOptions().hourCycle;
    return { hour: cycle === "h23" || cycle === "h24" ? "2-digit" : "numeric", minute: "2-digit", timeZone: here };
  }

  /* The sentence for a status, with the page's words ({time}, {weekday} filled). */
  function describe(found, labels, lang, here) {
    if (!found) {
      return "";
    }
    if (found.key === "open") {
      return labels.open;
    }
    function format(at, options) {
      options.timeZone = here;
      options.numberingSystem = "latn"; // as the page writes its times (Babel's Latin digits)
      return new Intl.DateTimeFormat(lang, options).format(new Date(at));
    }
    var clock = clockOptions(lang, here);
    if (found.key === "later") {
      return format(found.start, { weekday: "long", day: "numeric", month: "long" });
    }
    var at = found.key === "now" ? found.end : found.start;
    var text = labels[found.key];
    var weekday = found.key === "week" ? format(found.start, { weekday: "long" }) : "";
    return text.replace("{time}", function () { return format(at, clock); })
      .replace("{weekday}", function () { return weekday; });
  }

  var api = { fields: fields, instant: instant, parse: parse, next: next, status: status, describe: describe };

  if (typeof module === "object" && module.exports) {
    module.exports = api;
    return;
  }
  if (!global.Intl || !Intl.DateTimeFormat.prototype.formatToParts) {
    return;
  }
  var here;
  try {
    here = Intl.DateTimeFormat().resolvedOptions().timeZone;
    fields(here, Date.now());
  } catch (error) {
    return;
  }
  var doc = global.document;
  var lang = doc.documentElement.lang || undefined;
  var source = doc.querySelector("[data-when-labels]");
  var labels = {};
  ["now", "today", "tomorrow", "week", "open", "shown"].forEach(function (key) {
    labels[key] = source ? source.getAttribute("data-when-" + key) || "" : "";
  });

  /* Fill every [data-when] holder with its sentence. */
  function fill(scope) {
    if (!source) {
      return;
    }
    var now = Date.now();
    Array.prototype.forEach.call((scope || doc).querySelectorAll("[data-when]"), function (item) {
      item.textContent = describe(status(item.getAttribute("data-when"), now, here), labels, lang, here);
    });
  }

  fill();

  /* An online meeting's time in the visitor's zone when it differs from the group's, under
     its line ("Your time: Wednesday 1:30 – 3:00 AM"): the next day it meets on its weekday. */
  var list = doc.querySelector("[data-local-time]");
  Array.prototype.forEach.call(list ? list.querySelectorAll("li[data-zone]") : [], function (item) {
    var zone = item.getAttribute("data-zone");
    var weekday = +item.getAttribute("data-day"); // 0 Monday; -1 every day
    var clock = function (name) {
      var parts = item.getAttribute(name).split(":");
      return +parts[0] * 60 + +parts[1];
    };
    var now = Date.now();
    var today;
    try {
      if (offset(zone, now) === offset(here, now)) {
        return; // same clock as the group's: nothing to add
      }
      today = fields(zone, now);
    } catch (error) {
      return; // a zone this browser does not know
    }
    var day = (new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay() + 6) % 7;
    var date = today.day + (weekday < 0 ? 0 : (weekday - day + 7) % 7);
    var from = new Date(instant(zone, today.year, today.month - 1, date, clock("data-start")));
    var to = new Date(instant(zone, today.year, today.month - 1, date, clock("data-end")));
    var options = clockOptions(lang, here);
    if (weekday >= 0) {
      options.weekday = "long";
    }
    var format = new Intl.DateTimeFormat(lang, options);
    // a meeting that crosses the visitor's midnight: formatRange would add both dates
    // ("12/1/2026, 6:00 PM – 12/2/2026, 12:00 AM") to a line that is every day or every week;
    // say each end on its own (its weekday too, unless it ends at that midnight)
    var first = fields(here, +from);
    var last = fields(here, +to - 60000);
    var sameDay = first.day === last.day;
    var ends = new Intl.DateTimeFormat(lang, sameDay ? clockOptions(lang, here) : options);
    var note = doc.createElement("span");
    note.className = "local-time";
    note.textContent = list.getAttribute("data-local-time").replace("{when}", function () {
      if (format.formatRange && sameDay && fields(here, +to).day === first.day) {
        return format.formatRange(from, to);
      }
      return format.format(from) + " – " + ends.format(to);
    });
    item.appendChild(doc.createElement("br"));
    item.appendChild(note);
  });

  api.here = here;
  api.lang = lang;
  api.labels = labels;
  global.PeerWhen = api;
})(typeof window === "undefined" ? globalThis : window);
