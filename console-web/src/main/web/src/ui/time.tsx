import { createContext, useContext, useEffect, useState } from "react";

export type Zone = { mode: "utc" | "local"; name: string };
const UTC: Zone = { mode: "utc", name: "UTC" };
const KEY = "palisade.console.zone";

const ZoneContext = createContext<{ zone: Zone; setMode: (m: "utc" | "local") => void }>({
  zone: UTC,
  setMode: () => undefined,
});

function localZoneName(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "local";
  } catch {
    return "local";
  }
}

/** Times render in UTC on the server; the browser switches to the reader's zone when asked. */
export function ZoneProvider({ children }: { children: React.ReactNode }) {
  const [zone, setZone] = useState<Zone>(UTC);
  useEffect(() => {
    if (window.localStorage.getItem(KEY) === "local") setZone({ mode: "local", name: localZoneName() });
  }, []);
  const setMode = (m: "utc" | "local") => {
    window.localStorage.setItem(KEY, m);
    setZone(m === "utc" ? UTC : { mode: "local", name: localZoneName() });
  };
  return <ZoneContext.Provider value={{ zone, setMode }}>{children}</ZoneContext.Provider>;
}

export function useZone() {
  return useContext(ZoneContext);
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** An absolute time, to the second, in the zone chosen; the exact instant is in the title. */
export function formatTime(iso: string, zone: Zone): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (zone.mode === "utc") {
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
  }
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function Time({ iso }: { iso: string | null | undefined }) {
  const { zone } = useZone();
  if (!iso) return <span className="muted">never</span>;
  return (
    <time dateTime={iso} title={iso}>
      {formatTime(iso, zone)}
    </time>
  );
}

export function ZoneToggle() {
  const { zone, setMode } = useZone();
  return (
    <div className="zone" role="group" aria-label="Time zone">
      <button type="button" aria-pressed={zone.mode === "utc"} onClick={() => setMode("utc")}>
        UTC
      </button>
      <button type="button" aria-pressed={zone.mode === "local"} onClick={() => setMode("local")}>
        {zone.mode === "local" ? `Local (${zone.name})` : "Local"}
      </button>
    </div>
  );
}

/** ISO 8601 durations as the API gives cadences (PT15M, PT1H, PT24H) in words. */
export function formatDuration(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m) return iso;
  const parts: string[] = [];
  const [d, h, min, s] = [m[1], m[2], m[3], m[4]].map((x) => (x ? Number(x) : 0));
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (min) parts.push(`${min} min`);
  if (s) parts.push(`${s} s`);
  return parts.length ? `every ${parts.join(" ")}` : iso;
}
