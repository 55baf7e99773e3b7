// Runs when.js's pure functions for tests/test_when_logic.py: reads a JSON list of cases on
// stdin ({rule, now, here, lang, labels}) and writes a JSON list of {key, text, hours} back.
"use strict";
const when = require(process.argv[2]);
const narrow = require(process.argv[2].replace(/when\.js$/, "when-narrow.js"));
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const out = JSON.parse(input).map((c) => {
    const now = Date.parse(c.now);
    const found = when.status(c.rule, now, c.here);
    return {
      key: found ? found.key : null,
      text: when.describe(found, c.labels, c.lang, c.here),
      passes: { today: narrow.passes(c.rule, "today", now, c.here), now: narrow.passes(c.rule, "now", now, c.here) },
      hours: c.wanted ? narrow.hours(c.wanted, now, c.here) : null,
    };
  });
  process.stdout.write(JSON.stringify(out));
});
