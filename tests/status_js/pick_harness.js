/* Runs theme/static/js/status.js outside a browser and answers, for each case read from
   stdin ({rows, days}), what statusOn() picks: [key, validUntil, daysLeft, sorted flags]. */
"use strict";
const fs = require("fs");
const vm = require("vm");
const path = require("path");

const source = fs.readFileSync(path.join(__dirname, "../../theme/static/js/status.js"), "utf8");
const sandbox = { window: {}, document: { body: null } };
vm.createContext(sandbox);
vm.runInContext(source, sandbox);
const S = sandbox.window.SMEStatus;

const cases = JSON.parse(fs.readFileSync(0, "utf8"));
const out = cases.map(({ rows, days }) => days.map((day) => {
  const s = S.statusOn(rows, day);
  const flags = Object.keys(s.flags).filter((f) => s.flags[f] && f !== "in_force").sort();
  return [s.key, s.validUntil, s.daysLeft, flags, S.pick(rows, day)[1]];
}));
process.stdout.write(JSON.stringify(out));
