// The recommended alert rules of docs/alerts: every *.rules.yml, in name order, as one list of
// rule groups. A group name used twice is an error.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const ALERTS = join(ROOT, "docs", "alerts");

export function alertGroups(dir = ALERTS) {
  const files = readdirSync(dir).filter((f) => f.endsWith(".rules.yml")).sort();
  if (files.length === 0) {
    throw new Error(`no *.rules.yml in ${dir}`);
  }
  const groups = [];
  const names = new Set();
  for (const file of files) {
    const doc = parse(readFileSync(join(dir, file), "utf8"));
    for (const group of doc?.groups ?? []) {
      if (names.has(group.name)) {
        throw new Error(`rule group ${group.name} appears twice (again in ${file})`);
      }
      names.add(group.name);
      groups.push(group);
    }
  }
  return { files, groups };
}
