import { useEffect, useState } from "react";

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
}

/**
 * j / k move through the rows of the page's main list (rows marked data-row), Enter opens the
 * current row, ? shows the keys, Escape closes the help or the open drawer.
 */
export function useListKeys(): [boolean, (v: boolean) => void] {
  const [help, setHelp] = useState(false);
  useEffect(() => {
    let index = -1;
    const rows = () => Array.from(document.querySelectorAll<HTMLElement>("main [data-row]"));
    const move = (delta: number) => {
      const all = rows();
      if (all.length === 0) return;
      const current = document.querySelector("main [data-row].current");
      if (current) index = all.indexOf(current as HTMLElement);
      index = Math.max(0, Math.min(all.length - 1, index + delta));
      all.forEach((r) => r.classList.remove("current"));
      const row = all[index];
      row.classList.add("current");
      const link = row.querySelector<HTMLElement>("a, button");
      (link ?? row).focus();
      row.scrollIntoView({ block: "nearest" });
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (e.key === "j") {
        e.preventDefault();
        move(1);
      } else if (e.key === "k") {
        e.preventDefault();
        move(-1);
      } else if (e.key === "?") {
        e.preventDefault();
        setHelp((h) => !h);
      } else if (e.key === "Escape") {
        setHelp(false);
        const close = document.querySelector<HTMLAnchorElement>("[data-close-drawer]");
        if (close) window.location.assign(close.href);
      } else if (e.key === "Enter") {
        const row = document.querySelector<HTMLElement>("main [data-row].current");
        const link = row?.querySelector<HTMLAnchorElement>("a[href]");
        if (row && link && document.activeElement === row) {
          e.preventDefault();
          window.location.assign(link.href);
        }
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  return [help, setHelp];
}

export function KeyHelp({ onClose }: { onClose: () => void }) {
  return (
    <div className="help" role="dialog" aria-modal="true" aria-labelledby="help-title">
      <h2 id="help-title">Keyboard</h2>
      <dl className="keys">
        <dt>
          <kbd>j</kbd> / <kbd>k</kbd>
        </dt>
        <dd>next / previous row</dd>
        <dt>
          <kbd>Enter</kbd>
        </dt>
        <dd>open the current row</dd>
        <dt>
          <kbd>Esc</kbd>
        </dt>
        <dd>close this help or the open entry</dd>
        <dt>
          <kbd>?</kbd>
        </dt>
        <dd>show or hide this help</dd>
      </dl>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
