import { hydrateRoot } from "react-dom/client";
import { App } from "./App";
import type { PageProps } from "./types";

const holder = document.getElementById("console-props");
const root = document.getElementById("console-root");
if (holder && root) {
  const props = JSON.parse(holder.textContent ?? "{}") as PageProps;
  hydrateRoot(root, <App props={props} />);
  document.documentElement.dataset.hydrated = "true";
}
