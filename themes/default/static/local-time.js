/* Local time: an online meeting's time is written in the group's own time zone ("Tuesdays,
   6:30 – 8:00 PM (Chicago time)"); this adds the same meeting in the visitor's time zone when it
   differs ("Your time: Wednesday 1:30 – 3:00 AM"). The page reads fine without it. The time
   zone is read from the browser and never leaves it. */
(function () {
  "use strict";

  var list = document.querySelector("[data-local-time]");
  if (!list || !window.Intl || !Intl.DateTimeFormat.prototype.formatToParts) {
    return;
  }
  var here;
  try {
    here = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  var lang = document.documentElement.lang || undefined;
  var template = list.getAttribute("data-local-time");

  // The wall-clock fields of `instant` in `zone`.
  function fields(zone, instant) {
    var found = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", weekday: "short",
      year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric"
    }).formatToParts(instant).forEach(function (part) {
      found[part.type] = part.value;
    });
    return found;
  }

  // How many milliseconds `zone` is ahead of UTC at `instant`.
  function offset(zone, instant) {
    var f = fields(zone, instant);
    var wall = Date.UTC(+f.year, +f.month - 1, +f.day, +f.hour % 24, +f.minute);
    return wall - Math.floor(instant.getTime() / 60000) * 60000;
  }

  // The instant at which the clocks in `zone` show this date and time.
  function instant(zone, year, month, day, minutes) {
    var wall = Date.UTC(year, month, day, 0, minutes);
    var first = wall - offset(zone, new Date(wall));
    return new Date(wall - offset(zone, new Date(first)));
  }

  var WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

  function minutes(clock) {
    var parts = clock.split(":");
    return +parts[0] * 60 + +parts[1];
  }

  list.querySelectorAll("li[data-zone]").forEach(function (item) {
    var zone = item.getAttribute("data-zone");
    var weekday = +item.getAttribute("data-day");
    var start = minutes(item.getAttribute("data-start"));
    var end = minutes(item.getAttribute("data-end"));
    var now = new Date();
    var today;
    try {
      if (offset(zone, now) === offset(here, now)) {
        return;  // same clock as the group's: nothing to add
      }
      today = fields(zone, now);
    } catch (error) {
      return;  // a zone this browser does not know
    }
    // the next day (in the group's zone) the meeting happens, today included
    var ahead = weekday < 0 ? 0 : (weekday - WEEKDAYS.indexOf(today.weekday) + 7) % 7;
    var year = +today.year;
    var month = +today.month - 1;
    var day = +today.day + ahead;
    var from = instant(zone, year, month, day, start);
    var to = instant(zone, year, month, day, end);
    var options = { hour: "numeric", minute: "2-digit", timeZone: here };
    if (weekday >= 0) {
      options.weekday = "long";
    }
    var format = new Intl.DateTimeFormat(lang, options);
    var when = format.formatRange ? format.formatRange(from, to) : format.format(from) + " – " + format.format(to);
    var note = document.createElement("span");
    note.className = "local-time";
    note.textContent = template.replace("{when}", when);
    item.appendChild(document.createElement("br"));
    item.appendChild(note);
  });
})();
